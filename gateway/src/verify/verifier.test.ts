/**
 * The gateway lines of the security catalogue (../shared/guide/protocol.md) for the token itself:
 * audience, issuer, kid, time, required and integer claims, alg none, HS256 with the public key,
 * flipped bytes, typ. Each test asserts the specific reason code.
 */
import { encodeBase64url } from '@vigil/shared';
import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIENCE,
  DEVICE_ID,
  ISSUER,
  THUMBPRINT,
  ear,
  earClaims,
  rawEar,
  serviceKey,
  type ServiceKey,
} from '../test-support/ear.js';
import type { Decision } from './decision.js';
import { createAttestationVerifier, verifyAttestation, type VerifierOptions } from './verifier.js';

let key: ServiceKey;
let otherKey: ServiceKey;
const NOW = 1_760_000_000;

beforeAll(async () => {
  key = await serviceKey('svc-a');
  otherKey = await serviceKey('svc-b');
});

function options(extra: Partial<VerifierOptions> = {}): VerifierOptions {
  return { keys: key.jwks, issuer: ISSUER, audience: AUDIENCE, now: () => NOW * 1000, ...extra };
}

const check = (
  token: string | undefined,
  extra: Partial<VerifierOptions> = {},
  thumbprint: string | null = THUMBPRINT,
) => verifyAttestation(token, { ...options(extra), certThumbprint: thumbprint });

function expectRefused(decision: Decision, code: string, httpStatus = 401): void {
  expect(decision.allow).toBe(false);
  expect(decision.reasons.map((r) => r.code)).toEqual([code]);
  expect(decision.httpStatus).toBe(httpStatus);
}

const b64 = (value: unknown) => encodeBase64url(new TextEncoder().encode(JSON.stringify(value)));
const segments = (token: string) => token.split('.') as [string, string, string];

describe('verifyAttestation: a good EAR', () => {
  it('allows and reports the device, checks, status and expiry', async () => {
    const decision = await check(await ear(key, {}, NOW));
    expect(decision).toMatchObject({ allow: true, httpStatus: 200, reasons: [], status: 'affirming' });
    expect(decision.device).toEqual({ id: DEVICE_ID, uri: `urn:vigil:device:${DEVICE_ID}` });
    expect(decision.checks.map((c) => c.check)).toEqual(['disk.encryption', 'net.firewall']);
    expect(decision.expiresAt?.getTime()).toBe((NOW + 600) * 1000);
  });

  it('refuses a missing token and a missing client certificate', async () => {
    expectRefused(await check(undefined), 'VIGIL_GATEWAY_MISSING_TOKEN');
    expectRefused(await check(''), 'VIGIL_GATEWAY_MISSING_TOKEN');
    expectRefused(await check(await ear(key, {}, NOW), {}, null), 'VIGIL_GATEWAY_MISSING_CLIENT_CERT');
  });
});

describe('verifyAttestation: audience, issuer, binding, keys', () => {
  it('refuses an EAR for another audience', async () => {
    expectRefused(await check(await ear(key, { aud: 'urn:vigil:gateway:payroll' }, NOW)), 'VIGIL_GATEWAY_AUDIENCE');
  });

  it('refuses an EAR from another issuer', async () => {
    expectRefused(await check(await ear(key, { iss: 'https://evil.example' }, NOW)), 'VIGIL_GATEWAY_ISSUER');
  });

  it('refuses an EAR presented over a connection with another client certificate (cnf)', async () => {
    const token = await ear(key, {}, NOW);
    expectRefused(await check(token, {}, 'x'.repeat(43)), 'VIGIL_GATEWAY_CNF_MISMATCH');
  });

  it('refuses an unknown kid, and a known kid with a key that did not sign', async () => {
    expectRefused(await check(await ear(otherKey, {}, NOW)), 'VIGIL_GATEWAY_UNKNOWN_KID');
    const impostor = { ...otherKey, kid: key.kid };
    expectRefused(await check(await ear(impostor, {}, NOW)), 'VIGIL_GATEWAY_SIGNATURE');
  });

  it('answers 503 when no key can be trusted', async () => {
    const empty = { current: () => ({ keys: [] }), has: () => false, refreshForUnknownKid: async () => {} };
    expectRefused(await check(await ear(key, {}, NOW), { keys: empty }), 'VIGIL_GATEWAY_KEYS_UNAVAILABLE', 503);
  });
});

describe('verifyAttestation: time', () => {
  const tolerance = 30;

  it('refuses exp just past the tolerance and accepts it just inside', async () => {
    const past = await ear(key, { iat: NOW - 700, exp: NOW - tolerance }, NOW - 700);
    expectRefused(await check(past, { clockToleranceSeconds: tolerance }), 'VIGIL_GATEWAY_EXPIRED');
    const inside = await ear(key, { iat: NOW - 700, exp: NOW - tolerance + 1 }, NOW - 700);
    expect((await check(inside, { clockToleranceSeconds: tolerance })).allow).toBe(true);
  });

  it('refuses an iat in the future beyond the tolerance', async () => {
    const future = await ear(key, { iat: NOW + tolerance + 5, exp: NOW + 600 });
    expectRefused(await check(future, { clockToleranceSeconds: tolerance }), 'VIGIL_GATEWAY_NOT_YET_VALID');
  });

  it('refuses a result older than the maximum age even if exp is later', async () => {
    const old = await ear(key, { iat: NOW - 1000, exp: NOW + 100 });
    expectRefused(await check(old, { maxAgeSeconds: 900 }), 'VIGIL_GATEWAY_TOO_OLD');
  });

  it('refuses a missing exp', async () => {
    const claims: Record<string, unknown> = { ...earClaims({}, NOW) };
    delete claims.exp;
    expectRefused(await check(await rawEar(key, claims)), 'VIGIL_GATEWAY_CLAIMS');
  });

  it.each([
    ['exp', NOW + 600.5],
    ['iat', NOW + 0.25],
    ['exp', String(NOW + 600)],
    ['iat', `${NOW}`],
  ])('refuses a non-integer %s (%s)', async (claim, value) => {
    const token = await rawEar(key, { ...earClaims({}, NOW), [claim]: value });
    expectRefused(await check(token), 'VIGIL_GATEWAY_CLAIMS');
  });

  it('refuses a float literal even when it is integral (1e9 style)', async () => {
    const [header, , signature] = segments(await ear(key, {}, NOW));
    const text = JSON.stringify(earClaims({}, NOW)).replace(`"exp":${NOW + 600}`, `"exp":${NOW + 600}.0`);
    const token = `${header}.${encodeBase64url(new TextEncoder().encode(text))}.${signature}`;
    expect((await check(token)).allow).toBe(false);
  });
});

describe('verifyAttestation: signatures and headers', () => {
  it('refuses alg none', async () => {
    const token = `${b64({ alg: 'none', typ: 'ear+jwt', kid: key.kid })}.${b64(earClaims({}, NOW))}.`;
    expectRefused(await check(token), 'VIGIL_GATEWAY_ALG');
  });

  it('refuses HS256 keyed with the public key (algorithm confusion)', async () => {
    const signingInput = `${b64({ alg: 'HS256', typ: 'ear+jwt', kid: key.kid })}.${b64(earClaims({}, NOW))}`;
    for (const secret of [JSON.stringify(key.publicJwk), key.publicJwk.x!]) {
      const mac = createHmac('sha256', secret).update(signingInput).digest('base64url');
      expectRefused(await check(`${signingInput}.${mac}`), 'VIGIL_GATEWAY_ALG');
    }
  });

  it('refuses an algorithm not on the allowlist even if the key type fits', async () => {
    const [, payload, signature] = segments(await ear(key, {}, NOW));
    for (const alg of ['ES384', 'RS256', 'PS256', 'EdDSA']) {
      expectRefused(
        await check(`${b64({ alg, typ: 'ear+jwt', kid: key.kid })}.${payload}.${signature}`),
        'VIGIL_GATEWAY_ALG',
      );
    }
  });

  it('refuses one flipped byte in the header, the payload or the signature', async () => {
    const [header, payload, signature] = segments(await ear(key, {}, NOW));
    const headerText = new TextDecoder().decode(Buffer.from(header, 'base64url'));
    const flippedHeader = encodeBase64url(new TextEncoder().encode(headerText.replace('ear+jwt', 'EAR+jwt')));
    expectRefused(await check(`${flippedHeader}.${payload}.${signature}`), 'VIGIL_GATEWAY_SIGNATURE');
    const payloadText = new TextDecoder().decode(Buffer.from(payload, 'base64url'));
    const flippedPayload = encodeBase64url(
      new TextEncoder().encode(payloadText.replace('vigil-default', 'vigil-defaulu')),
    );
    expectRefused(await check(`${header}.${flippedPayload}.${signature}`), 'VIGIL_GATEWAY_SIGNATURE');
    const sig = Buffer.from(signature, 'base64url');
    sig[10] = sig[10]! ^ 0x01;
    expectRefused(await check(`${header}.${payload}.${sig.toString('base64url')}`), 'VIGIL_GATEWAY_SIGNATURE');
  });

  it.each([['JWT'], ['at+jwt'], [undefined]])('refuses typ %s', async (typ) => {
    expectRefused(await check(await rawEar(key, earClaims({}, NOW), { typ })), 'VIGIL_GATEWAY_TYP');
  });

  it('refuses duplicate claim names and garbage', async () => {
    const [header, , signature] = segments(await ear(key, {}, NOW));
    const dup = JSON.stringify(earClaims({}, NOW)).replace('{', `{"aud":"${AUDIENCE}",`);
    expectRefused(
      await check(`${header}.${encodeBase64url(new TextEncoder().encode(dup))}.${signature}`),
      'VIGIL_GATEWAY_MALFORMED',
    );
    expectRefused(await check('not-a-token'), 'VIGIL_GATEWAY_MALFORMED');
    expectRefused(await check('a'.repeat(20_000)), 'VIGIL_GATEWAY_MALFORMED');
  });
});

describe('createAttestationVerifier: cache', () => {
  it('never serves a cached token past its exp', async () => {
    let now = NOW * 1000;
    const verifier = createAttestationVerifier({ ...options(), clockToleranceSeconds: 0, now: () => now });
    const token = await ear(key, { exp: NOW + 60 }, NOW);
    expect((await verifier.verify(token, { certThumbprint: THUMBPRINT })).allow).toBe(true);
    now = (NOW + 60) * 1000;
    expectRefused(await verifier.verify(token, { certThumbprint: THUMBPRINT }), 'VIGIL_GATEWAY_EXPIRED');
  });

  it('re-checks the binding on every hit', async () => {
    const verifier = createAttestationVerifier(options());
    const token = await ear(key, {}, NOW);
    expect((await verifier.verify(token, { certThumbprint: THUMBPRINT })).allow).toBe(true);
    expectRefused(await verifier.verify(token, { certThumbprint: 'y'.repeat(43) }), 'VIGIL_GATEWAY_CNF_MISMATCH');
  });

  it('drops cached tokens whose key was rotated out', async () => {
    let jwks = key.jwks;
    const keys = {
      current: () => jwks,
      has: (kid: string) => jwks.keys.some((k) => k.kid === kid),
      refreshForUnknownKid: async () => {},
    };
    const verifier = createAttestationVerifier(options({ keys }));
    const token = await ear(key, {}, NOW);
    expect((await verifier.verify(token, { certThumbprint: THUMBPRINT })).allow).toBe(true);
    jwks = otherKey.jwks;
    expectRefused(await verifier.verify(token, { certThumbprint: THUMBPRINT }), 'VIGIL_GATEWAY_UNKNOWN_KID');
  });
});
