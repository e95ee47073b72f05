import { generateKeyPairSync, sign } from 'node:crypto';
import { exportJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { AUDIENCE, earClaims, ISSUER, THUMBPRINT } from './__fixtures__/ear.js';
import { flipByte, rawJws } from './__fixtures__/jws.js';
import { signEar, signEarWith, verifyEar, type VerifyEarOptions } from './ear.js';
import { EarError } from './errors.js';

const service = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KID = 'service-key-1';
const jwks = { keys: [{ ...(await exportJWK(service.publicKey)), kid: KID, alg: 'ES256', use: 'sig' }] };
const NOW = 1_900_000_000;
const at = (seconds: number) => new Date(seconds * 1000);
const options = (o: Partial<VerifyEarOptions> = {}): VerifyEarOptions => ({
  jwks,
  issuer: ISSUER,
  audience: AUDIENCE,
  maxAgeSeconds: 900,
  clockToleranceSeconds: 30,
  certThumbprint: THUMBPRINT,
  now: at(NOW),
  ...o,
});
const header = { alg: 'ES256', typ: 'ear+jwt', kid: KID };

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(EarError);
    return (error as EarError).code;
  }
  throw new Error('expected a rejection');
}

describe('signEar / verifyEar', () => {
  it('round-trips and recomputes an affirming status', async () => {
    const jwt = await signEar(earClaims(NOW), service.privateKey, KID);
    const result = await verifyEar(jwt, options());
    expect(result.status).toBe('affirming');
    expect(result.claims.sub).toMatch(/^urn:vigil:device:/);
  });

  it('produces the same verifiable token with a caller-made ES256 signature', async () => {
    const jwt = await signEarWith(earClaims(NOW), KID, (input) =>
      sign('sha256', input, { key: service.privateKey, dsaEncoding: 'ieee-p1363' }),
    );
    expect((await verifyEar(jwt, options())).status).toBe('affirming');
    await expect(signEarWith(earClaims(NOW), KID, () => new Uint8Array(70))).rejects.toMatchObject({
      code: 'VIGIL_EAR_SIGNATURE',
    });
  });

  it('accepts per-check results without reasons (personal devices) and still bounds a reason', async () => {
    const withoutReasons = earClaims(NOW, {
      vigil_checks: { 'disk.encryption': { result: 'fail' }, 'net.firewall': { result: 'pass' } },
    });
    const result = await verifyEar(await signEar(withoutReasons, service.privateKey, KID), options());
    expect(result.claims.vigil_checks).toEqual({
      'disk.encryption': { result: 'fail' },
      'net.firewall': { result: 'pass' },
    });
    // A result is still required: an entry without one is not a pass by omission.
    const noResult = { ...earClaims(NOW), vigil_checks: { 'disk.encryption': {} } };
    expect(await rejection(verifyEar(rawJws(header, noResult, 'ES256', service.privateKey), options()))).toBe(
      'VIGIL_EAR_CLAIMS',
    );
    const longReason = {
      ...earClaims(NOW),
      vigil_checks: { 'disk.encryption': { result: 'pass', reason: 'x'.repeat(1001) } },
    };
    expect(await rejection(verifyEar(rawJws(header, longReason, 'ES256', service.privateKey), options()))).toBe(
      'VIGIL_EAR_CLAIMS',
    );
  });

  it('denies an affirming ear_status over a contraindicated claim', async () => {
    const claims = earClaims(NOW);
    claims.submods.vigil.ear_trustworthiness_vector['instance-identity'] = 96;
    const result = await verifyEar(await signEar(claims, service.privateKey, KID), options());
    expect(result.claimedStatus).toBe('affirming');
    expect(result.status).toBe('contraindicated');
  });

  it('rejects exp just past the tolerance and accepts just inside', async () => {
    const jwt = await signEar(earClaims(NOW - 600, { exp: NOW - 30 }), service.privateKey, KID);
    await expect(verifyEar(jwt, options({ now: at(NOW - 1) }))).resolves.toBeTruthy();
    expect(await rejection(verifyEar(jwt, options()))).toBe('VIGIL_EAR_EXPIRED');
  });

  it('rejects a token older than the maximum age, and one issued in the future', async () => {
    const old = await signEar(earClaims(NOW - 1000, { exp: NOW + 100 }), service.privateKey, KID);
    expect(await rejection(verifyEar(old, options()))).toBe('VIGIL_EAR_TOO_OLD');
    const future = await signEar(earClaims(NOW + 120), service.privateKey, KID);
    expect(await rejection(verifyEar(future, options()))).toBe('VIGIL_EAR_IAT_FUTURE');
  });

  it('rejects a missing exp and non-integer iat/exp', async () => {
    const noExp: Partial<ReturnType<typeof earClaims>> = earClaims(NOW);
    delete noExp.exp;
    expect(await rejection(verifyEar(rawJws(header, noExp, 'ES256', service.privateKey), options()))).toBe(
      'VIGIL_EAR_CLAIMS',
    );
    await expect(signEar(noExp as never, service.privateKey, KID)).rejects.toMatchObject({ code: 'VIGIL_EAR_CLAIMS' });
    const text = JSON.stringify(earClaims(NOW));
    for (const bad of [
      text.replace(`"exp":${NOW + 900}`, `"exp":${NOW + 900}.0`),
      text.replace(`"iat":${NOW}`, `"iat":${NOW}.5`),
    ]) {
      expect(await rejection(verifyEar(rawJws(header, bad, 'ES256', service.privateKey), options()))).toBe(
        'VIGIL_EAR_CLAIMS',
      );
    }
  });

  it('rejects another audience, several audiences, and an unknown issuer', async () => {
    const sign = (o: object) => rawJws(header, { ...earClaims(NOW), ...o }, 'ES256', service.privateKey);
    expect(await rejection(verifyEar(sign({ aud: 'urn:other' }), options()))).toBe('VIGIL_EAR_AUDIENCE');
    expect(await rejection(verifyEar(sign({ aud: [AUDIENCE, 'urn:other'] }), options()))).toBe('VIGIL_EAR_CLAIMS');
    expect(await rejection(verifyEar(sign({ iss: 'https://evil.test' }), options()))).toBe('VIGIL_EAR_ISSUER');
  });

  it('binds the token to the client certificate (cnf)', async () => {
    const jwt = await signEar(earClaims(NOW), service.privateKey, KID);
    expect(await rejection(verifyEar(jwt, options({ certThumbprint: 'x'.repeat(43) })))).toBe('VIGIL_EAR_CNF');
  });

  it('rejects unknown kid, foreign key, alg none, HS256 and RS256', async () => {
    const claims = earClaims(NOW);
    expect(await rejection(verifyEar(await signEar(claims, service.privateKey, 'unknown-kid'), options()))).toBe(
      'VIGIL_EAR_KID',
    );
    expect(await rejection(verifyEar(await signEar(claims, stranger.privateKey, KID), options()))).toBe(
      'VIGIL_EAR_SIGNATURE',
    );
    expect(await rejection(verifyEar(rawJws({ ...header, alg: 'none' }, claims, 'none'), options()))).toBe(
      'VIGIL_EAR_ALG',
    );
    const jwkText = Buffer.from(JSON.stringify(jwks.keys[0]));
    expect(await rejection(verifyEar(rawJws({ ...header, alg: 'HS256' }, claims, 'HS256', jwkText), options()))).toBe(
      'VIGIL_EAR_ALG',
    );
    expect(
      await rejection(verifyEar(rawJws({ ...header, alg: 'RS256' }, claims, 'RS256', rsa.privateKey), options())),
    ).toBe('VIGIL_EAR_ALG');
  });

  it('rejects wrong typ, flipped bytes and duplicate members', async () => {
    const claims = earClaims(NOW);
    expect(
      await rejection(verifyEar(rawJws({ ...header, typ: 'JWT' }, claims, 'ES256', service.privateKey), options())),
    ).toBe('VIGIL_EAR_TYP');
    const jwt = await signEar(claims, service.privateKey, KID);
    expect(await rejection(verifyEar(flipByte(jwt, 2, 5), options()))).toBe('VIGIL_EAR_SIGNATURE');
    expect(await rejection(verifyEar(flipByte(jwt, 1, 30), options()))).toMatch(/^VIGIL_EAR_(SIGNATURE|MALFORMED)$/);
    const dup = JSON.stringify(claims).replace(
      '"ear_status":"affirming"',
      '"ear_status":"affirming","ear_status":"affirming"',
    );
    expect(await rejection(verifyEar(rawJws(header, dup, 'ES256', service.privateKey), options()))).toBe(
      'VIGIL_EAR_DUPLICATE_KEY',
    );
  });
});
