/**
 * A service for tests: a fresh store (in-memory SQLite, or a PostgreSQL schema in the `postgres`
 * vitest project: see stores.ts), a CA shared by the test process (RSA-2048 to keep
 * start-up fast), in-memory result keys, an admin token, and helpers that speak the protocol
 * through `inject()` with the test client-certificate header.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.js';
import type { Appraiser } from '../appraisal/appraisal-pool.js';
import { ResultKeyRing } from '../appraisal/result-keys.js';
import { CertificateAuthority } from '../ca/authority.js';
import type { CaepTransmitter } from '../caep/transmitter.js';
import type { ServiceSettings } from '../config.js';
import type { Readiness } from '../readiness.js';
import type { Store } from '../store/types.js';
import { mintToken } from '../tokens.js';
import type { SignedReport, TestDevice } from './device.js';
import { installTestPolicy } from './policy.js';
import { testStores } from './stores.js';

let sharedAuthority: Promise<CertificateAuthority> | undefined;
export const testAuthority = () =>
  (sharedAuthority ??= CertificateAuthority.create({ keyBits: 2048, commonName: 'Vigil Test CA' }));

export interface TestServiceOptions {
  settings?: Partial<ServiceSettings>;
  now?: () => Date;
  /** Serve real HTTPS with a server certificate for 127.0.0.1 / localhost. */
  tls?: boolean;
  store?: Store;
  /** 'default' keeps Vigil's default policy; otherwise the fixed test policy is installed. */
  policy?: 'test' | 'default';
  /** Stands in for the CAEP transmitter (e.g. one that records events). */
  caep?: CaepTransmitter;
  /** Stands in for the appraiser (e.g. one whose worker thread dies). */
  appraiser?: Appraiser;
  /** Drain state the test controls (`/readyz`). */
  readiness?: Readiness;
}

export class TestService {
  constructor(
    readonly app: FastifyInstance,
    readonly store: Store,
    readonly authority: CertificateAuthority,
    readonly keys: ResultKeyRing,
    readonly adminToken: string,
  ) {}

  admin(): Record<string, string> {
    return { authorization: `Bearer ${this.adminToken}` };
  }

  async enrollmentToken(body: { ttlSeconds?: number; uses?: number; deviceId?: string } = {}): Promise<string> {
    const response = await this.app.inject({
      method: 'POST',
      url: '/v1/admin/enrollment-tokens',
      headers: this.admin(),
      payload: body,
    });
    if (response.statusCode !== 201) throw new Error(`token: ${response.body}`);
    return (response.json() as { token: string }).token;
  }

  /** A gateway-scoped bearer token (background checks), stored directly: the CLI's way of making one. */
  async gatewayToken(): Promise<string> {
    const minted = mintToken('gwy');
    await this.store.createAdminToken({
      id: minted.id,
      secretHash: minted.secretHash,
      scope: 'gateway',
      now: new Date(),
    });
    return minted.token;
  }

  async enroll(
    device: TestDevice,
    options: { token?: string; csr?: string; deviceId?: string } = {},
  ): Promise<LightMyRequestResponse> {
    const token = options.token ?? (await this.enrollmentToken());
    const payload = {
      token,
      csr: options.csr ?? device.csr(),
      ...(options.deviceId ? { deviceId: options.deviceId } : {}),
    };
    const response = await this.app.inject({ method: 'POST', url: '/v1/enroll', payload });
    if (response.statusCode === 201) device.adopt(response.json());
    return response;
  }

  async enrolled(device: TestDevice): Promise<TestDevice> {
    const response = await this.enroll(device);
    if (response.statusCode !== 201) throw new Error(`enroll: ${response.body}`);
    return device;
  }

  challengeResponse(device: TestDevice): Promise<LightMyRequestResponse> {
    return this.app.inject({ method: 'POST', url: '/v1/challenges', headers: device.certHeader() });
  }

  async challenge(device: TestDevice): Promise<string> {
    const response = await this.challengeResponse(device);
    if (response.statusCode !== 201) throw new Error(`challenge: ${response.body}`);
    return (response.json() as { nonce: string }).nonce;
  }

  evidence(
    device: TestDevice,
    report: Pick<SignedReport, 'jws' | 'jti'>,
    headers: Record<string, string | undefined> = {},
  ) {
    const base: Record<string, string> = {
      ...device.certHeader(),
      'content-type': 'application/eat+jwt',
      'idempotency-key': report.jti,
    };
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) delete base[name];
      else base[name] = value;
    }
    return this.app.inject({ method: 'POST', url: '/v1/evidence', headers: base, payload: report.jws });
  }

  /** challenge → sign → submit; on 200 the device's chain advances. */
  async submit(device: TestDevice, options: { challenged?: boolean; now?: Date } = {}) {
    const nonce = options.challenged === false ? undefined : await this.challenge(device);
    const report = await device.report({ nonce, ...(options.now ? { now: options.now } : {}) });
    const response = await this.evidence(device, report);
    if (response.statusCode === 200) device.accepted(report);
    return { report, response };
  }

  close(): Promise<void> {
    return this.app.close().then(() => this.store.close());
  }
}

export async function createTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const authority = await testAuthority();
  const store = options.store ?? (await testStores().create());
  const keys = await ResultKeyRing.open(undefined, options.now ? { now: options.now } : {});
  const tls = options.tls ? serverTls(authority) : undefined;
  if (options.policy !== 'default' && !(await store.getPolicy())) await installTestPolicy(store);
  const app = await buildApp({
    settings: {
      testClientCertHeader: !options.tls,
      purgeIntervalSeconds: 0,
      // Tests generate RSA keys synchronously on the loop the service shares with them; that
      // is not overload (plugins/overload.test.ts sets its own limit).
      maxEventLoopDelayMs: 60_000,
      ...options.settings,
    },
    store,
    authority,
    keys,
    ...(tls ? { tls } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.caep ? { caep: options.caep } : {}),
    ...(options.appraiser ? { appraiser: options.appraiser } : {}),
    ...(options.readiness ? { readiness: options.readiness } : {}),
  });
  const admin = mintToken('adm');
  await store.createAdminToken({ id: admin.id, secretHash: admin.secretHash, now: new Date() });
  return new TestService(app, store, authority, keys, admin.token);
}

function serverTls(authority: CertificateAuthority) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const issued = authority.issueServer({
    names: ['localhost', '127.0.0.1'],
    publicKey,
    lifetimeDays: 1,
    now: new Date(),
  });
  return { key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), cert: issued.pem };
}
