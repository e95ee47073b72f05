/**
 * Store-level inputs without the HTTP layer, for tests that drive a `Store` directly (the
 * PostgreSQL race tests: two stores on one schema stand in for two replicas).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { EnrollInput, IngestInput, NewCertificate } from '../store/types.js';

export const hash = (text: string) => createHash('sha256').update(text).digest('base64url');

export function fakeCertificate(spki = randomBytes(8).toString('hex')): NewCertificate {
  const now = Date.now();
  return {
    thumbprint: randomBytes(16).toString('hex'),
    serialHex: randomBytes(16).toString('hex'),
    spkiThumbprint: spki,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 86_400_000),
    pem: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n',
  };
}

export function enrollInput(tokenId: string, secretHash: Buffer, certificate = fakeCertificate()): EnrollInput {
  return {
    tokenId,
    tokenSecretHash: secretHash,
    deviceId: randomUUID(),
    reenroll: false,
    certificate,
    ownership: 'managed',
    consent: null,
    now: new Date(),
  };
}

/** A report at `seq` chained to `prev`, answering `nonce`, with its own idempotency key. */
export function ingestInput(deviceId: string, seq: number, prev: string | undefined, nonce?: string): IngestInput {
  const jti = randomUUID();
  const now = new Date();
  return {
    deviceId,
    now,
    nonce,
    jti,
    seq,
    prev,
    gap: undefined,
    hash: hash(`${jti}:${seq}`),
    iat: Math.floor(now.getTime() / 1000),
    skewSeconds: 0,
    assumedForked: false,
    verdictStatus: 'compliant',
    verdictJson: JSON.stringify({ status: 'compliant', seq }),
    postureJson: '{}',
    device: { ownership: 'managed', platform: 'linux', hostname: null, reportIntervalSeconds: 900 },
    firstFailedAt: {},
    result: undefined,
    response: { statusCode: 200, body: `{"seq":${seq}}` },
    idempotencyKey: jti,
  };
}
