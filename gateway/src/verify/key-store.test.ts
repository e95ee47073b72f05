/** The pinned JWKS from a file: validation, rotation on an unknown kid (rate-limited), staleness. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIENCE, ISSUER, THUMBPRINT, ear, serviceKey, type ServiceKey } from '../test-support/ear.js';
import { JwksKeyStore } from './key-store.js';
import { createAttestationVerifier } from './verifier.js';

let dir: string;
let a: ServiceKey;
let b: ServiceKey;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-jwks-'));
  a = await serviceKey('key-a');
  b = await serviceKey('key-b');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeJwks(name: string, doc: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return file;
}

describe('JwksKeyStore', () => {
  it('picks up a rotated key when a token names an unknown kid, at most once per interval', async () => {
    let now = 1_000_000;
    const file = writeJwks('rotate.json', a.jwks);
    const store = await JwksKeyStore.open({ source: file, unknownKidIntervalSeconds: 30, now: () => now });
    const verifier = createAttestationVerifier({ keys: store, issuer: ISSUER, audience: AUDIENCE });
    const tokenB = await ear(b);

    now += 31_000;
    expect((await verifier.verify(tokenB, { certThumbprint: THUMBPRINT })).reasons[0]?.code).toBe(
      'VIGIL_GATEWAY_UNKNOWN_KID',
    );
    // The service publishes key-b; the store reloaded a moment ago, so it does not look again yet.
    writeJwks('rotate.json', { keys: [a.publicJwk, b.publicJwk] });
    now += 1_000;
    expect((await verifier.verify(tokenB, { certThumbprint: THUMBPRINT })).reasons[0]?.code).toBe(
      'VIGIL_GATEWAY_UNKNOWN_KID',
    );
    now += 30_000;
    expect((await verifier.verify(tokenB, { certThumbprint: THUMBPRINT })).allow).toBe(true);
  });

  it('stops trusting keys it could not refresh for longer than maxStaleSeconds', async () => {
    let now = 1_000_000;
    const file = writeJwks('stale.json', a.jwks);
    const errors: string[] = [];
    const store = await JwksKeyStore.open({
      source: file,
      ttlSeconds: 10,
      maxStaleSeconds: 60,
      now: () => now,
      onError: (e) => errors.push(e.code),
    });
    writeJwks('stale.json', 'not json');
    now += 61_000;
    expect(store.current().keys).toEqual([]);
    expect(store.has('key-a')).toBe(false);
    await store.reload().catch(() => {});
    expect(store.current().keys).toEqual([]);
  });

  it.each([
    ['private key material', () => ({ keys: [{ ...a.publicJwk, d: 'AAAA' }] }), /private key/],
    ['a duplicate kid', () => ({ keys: [a.publicJwk, { ...b.publicJwk, kid: 'key-a' }] }), /share the kid/],
    ['no usable key', () => ({ keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB', kid: 'r' }] }), /no usable ES256/],
    ['duplicate JSON members', () => `{"keys":[],"keys":[${JSON.stringify(a.publicJwk)}]}`, /duplicate member/],
  ])('refuses a JWKS with %s', async (_name, doc, message) => {
    const file = writeJwks('bad.json', doc());
    await expect(JwksKeyStore.open({ source: file })).rejects.toMatchObject({
      code: 'VIGIL_GATEWAY_JWKS_LOAD',
      message,
    });
  });

  it('ignores keys for other algorithms next to the EC P-256 one', async () => {
    const file = writeJwks('mixed.json', { keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB', kid: 'r' }, a.publicJwk] });
    const store = await JwksKeyStore.open({ source: file });
    expect(store.current().keys.map((k) => k.kid)).toEqual(['key-a']);
  });

  it('refuses a plain-http JWKS URL and an https one without a pinned CA', async () => {
    await expect(JwksKeyStore.open({ source: 'http://vigil.example/jwks.json' })).rejects.toMatchObject({
      code: 'VIGIL_GATEWAY_CONFIG',
    });
    await expect(JwksKeyStore.open({ source: 'https://vigil.example/jwks.json' })).rejects.toMatchObject({
      code: 'VIGIL_GATEWAY_CONFIG',
    });
  });
});
