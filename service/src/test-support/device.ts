/**
 * A simulated device: its own RSA key, the certificate it was issued, and its hash chain. Tests
 * and the benchmark sign reports with it exactly as the agent would.
 */
import { createHash, generateKeyPairSync, randomUUID, X509Certificate, type KeyObject } from 'node:crypto';
import { EAT_PROFILE, signEvidence, type EvidenceAlgorithm, type EvidenceClaimsInput } from '@vigil/shared';
import { TEST_CLIENT_CERT_HEADER } from '../plugins/client-certificate.js';
import { buildCsr, type CsrOptions } from './csr.js';
import { signRawPs256 } from './jws.js';
import { healthyPosture } from './posture.js';

export interface SignedReport {
  jws: string;
  jti: string;
  seq: number;
  claims: EvidenceClaimsInput;
}

export interface ReportOptions {
  nonce?: string | undefined;
  now?: Date;
  /** Override the chain position (defaults: next seq, hash of the last accepted report). */
  seq?: number;
  prev?: string | undefined;
  claims?: Partial<EvidenceClaimsInput> & Record<string, unknown>;
  alg?: EvidenceAlgorithm;
  kid?: string;
  signingKey?: KeyObject;
  jti?: string;
  /** Sign without validating the claims (to send what a correct agent never would). */
  unchecked?: boolean;
}

export class TestDevice {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  deviceId = '';
  certPem = '';
  certDer: Buffer = Buffer.alloc(0);
  thumbprint = '';
  caCertificates: string[] = [];
  seq = 0;
  lastHash: string | undefined;

  constructor(keys = generateKeyPairSync('rsa', { modulusLength: 2048 })) {
    this.privateKey = keys.privateKey;
    this.publicKey = keys.publicKey;
  }

  csr(options: CsrOptions = {}): string {
    return buildCsr({ privateKey: this.privateKey, publicKey: this.publicKey }, options);
  }

  /** Takes the identity from an enroll/renew response body. */
  adopt(body: { deviceId?: string; certificate: string; caCertificates?: string[] }): this {
    if (body.deviceId) this.deviceId = body.deviceId;
    this.certPem = body.certificate;
    this.certDer = Buffer.from(new X509Certificate(body.certificate).raw);
    this.thumbprint = createHash('sha256').update(this.certDer).digest('base64url');
    if (body.caCertificates) this.caCertificates = body.caCertificates;
    return this;
  }

  /** A copy sharing key, certificate and chain state: a cloned disk image. */
  clone(): TestDevice {
    const twin = new TestDevice({ privateKey: this.privateKey, publicKey: this.publicKey });
    Object.assign(twin, {
      deviceId: this.deviceId,
      certPem: this.certPem,
      certDer: this.certDer,
      thumbprint: this.thumbprint,
    });
    Object.assign(twin, { caCertificates: this.caCertificates, seq: this.seq, lastHash: this.lastHash });
    return twin;
  }

  certHeader(): Record<string, string> {
    return { [TEST_CLIENT_CERT_HEADER]: this.certDer.toString('base64') };
  }

  async report(options: ReportOptions = {}): Promise<SignedReport> {
    const now = options.now ?? new Date();
    const seq = options.seq ?? this.seq + 1;
    const prev = 'prev' in options ? options.prev : seq === 1 ? undefined : this.lastHash;
    const jti = options.jti ?? randomUUID();
    const claims: EvidenceClaimsInput = {
      eat_profile: EAT_PROFILE,
      ueid: this.deviceId,
      iat: Math.floor(now.getTime() / 1000),
      ...(options.nonce !== undefined ? { eat_nonce: options.nonce } : {}),
      jti,
      seq,
      ...(prev !== undefined ? { prev } : {}),
      agent: { name: 'vigil', version: '0.1.0' },
      posture: healthyPosture(now),
      ...options.claims,
    };
    const key = options.signingKey ?? this.privateKey;
    const kid = options.kid ?? this.thumbprint;
    const jws = options.unchecked
      ? signRawPs256({ alg: 'PS256', typ: 'eat+jwt', kid }, claims, key)
      : await signEvidence(claims, key, kid, { alg: options.alg ?? 'PS256' });
    return { jws, jti, seq, claims };
  }

  /** Records a report the service accepted: the next one chains to it. */
  accepted(report: Pick<SignedReport, 'jws' | 'seq'>): void {
    this.seq = report.seq;
    this.lastHash = createHash('sha256').update(report.jws).digest('base64url');
  }
}
