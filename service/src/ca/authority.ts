/**
 * The device CA. It issues device certificates (clientAuth) and the service's own TLS
 * certificate (serverAuth); both chain to one root that agents pin as their only trust anchor.
 * Trust in devices does not rest on chain validation alone: the registry of issued certificates
 * decides (direct trust).
 */
import { createHash, generateKeyPair, X509Certificate, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { buildCertificate, derToPem, toForgePublicKey } from './build-certificate.js';
import { caExtensions, deviceExtensions, deviceSubject, serverExtensions } from './profiles.js';

const generateKeyPairAsync = promisify(generateKeyPair);
const DAY_MS = 86_400_000;
/** Tolerates clocks up to a minute behind (guide: "NotBefore backdated ~1 min"). */
export const NOT_BEFORE_BACKDATE_MS = 60_000;

export interface IssuedCertificate {
  der: Buffer;
  pem: string;
  serialHex: string;
  /** base64url SHA-256 of the DER: `kid` of evidence, `cnf.x5t#S256` of results. */
  thumbprint: string;
  notBefore: Date;
  notAfter: Date;
}

export class CertificateAuthority {
  readonly certificate: X509Certificate;
  readonly certPem: string;
  private readonly key: KeyObject;
  private readonly subject: forge.pki.CertificateField[];
  private readonly keyId: string;

  constructor(key: KeyObject, certPem: string) {
    this.key = key;
    this.certPem = certPem;
    this.certificate = new X509Certificate(certPem);
    // Our own certificate, read only for its subject and key id.
    const parsed = forge.pki.certificateFromPem(certPem);
    this.subject = parsed.subject.attributes as forge.pki.CertificateField[];
    this.keyId = parsed.generateSubjectKeyIdentifier().getBytes();
  }

  static async create(options: { commonName?: string; keyBits?: number; lifetimeDays?: number; now?: Date } = {}) {
    const { privateKey, publicKey } = await generateKeyPairAsync('rsa', { modulusLength: options.keyBits ?? 3072 });
    const now = options.now ?? new Date();
    const subject = [
      { name: 'organizationName', value: 'Vigil' },
      { name: 'commonName', value: options.commonName ?? 'Vigil Device CA' },
    ];
    const { der } = buildCertificate(
      {
        subject,
        issuer: subject,
        publicKey: toForgePublicKey(publicKey),
        notBefore: new Date(now.getTime() - NOT_BEFORE_BACKDATE_MS),
        notAfter: new Date(now.getTime() + (options.lifetimeDays ?? 3650) * DAY_MS),
        extensions: caExtensions(),
      },
      privateKey,
    );
    return new CertificateAuthority(privateKey, derToPem(der));
  }

  keyPem(): string {
    return this.key.export({ type: 'pkcs8', format: 'pem' }).toString();
  }

  issueDevice(input: {
    deviceId: string;
    publicKey: forge.pki.rsa.PublicKey;
    lifetimeSeconds: number;
    now: Date;
  }): IssuedCertificate {
    return this.issue(
      deviceSubject(input.deviceId),
      input.publicKey,
      input.lifetimeSeconds,
      input.now,
      deviceExtensions(input.deviceId, this.keyId),
    );
  }

  issueServer(input: {
    names: readonly string[];
    publicKey: KeyObject;
    lifetimeDays: number;
    now: Date;
  }): IssuedCertificate {
    const subject = [{ name: 'commonName', value: input.names[0] ?? 'localhost' }];
    const extensions = serverExtensions(input.names, this.keyId);
    return this.issue(subject, toForgePublicKey(input.publicKey), input.lifetimeDays * 86_400, input.now, extensions);
  }

  /** Issued by this CA and signed by its key (checkIssued alone compares names only). */
  issued(cert: X509Certificate): boolean {
    return cert.checkIssued(this.certificate) && cert.verify(this.certificate.publicKey);
  }

  private issue(
    subject: forge.pki.CertificateField[],
    publicKey: forge.pki.rsa.PublicKey,
    lifetimeSeconds: number,
    now: Date,
    extensions: object[],
  ): IssuedCertificate {
    const notBefore = new Date(Math.floor((now.getTime() - NOT_BEFORE_BACKDATE_MS) / 1000) * 1000);
    const notAfter = new Date(Math.floor(now.getTime() / 1000) * 1000 + lifetimeSeconds * 1000);
    const { der, serialHex } = buildCertificate(
      { subject, issuer: this.subject, publicKey, notBefore, notAfter, extensions },
      this.key,
    );
    return {
      der,
      pem: derToPem(der),
      serialHex,
      thumbprint: createHash('sha256').update(der).digest('base64url'),
      notBefore,
      notAfter,
    };
  }
}
