// Property-based tests of the EAR verifier with a real ES256 key: a damaged token is never
// accepted unless the damage is a no-op, every rejection is an EarError with a specific code,
// and the time checks agree with a plain reading of exp, iat, max age and tolerance. See
// docs/fuzzing.md.
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { exportJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { AUDIENCE, earClaims, ISSUER, THUMBPRINT } from './__fixtures__/ear.js';
import { rawJws } from './__fixtures__/jws.js';
import {
  applyTamper,
  CLAIM_NAMES,
  HEADER_NAMES,
  RAW_VALUES,
  tamper,
  withDuplicateMember,
  withMember,
} from './__fixtures__/jws-mutations.js';
import { EarClaimsSchema } from './ear-claims.js';
import { signEar, verifyEar, type VerifyEarOptions } from './ear.js';
import { EAR_ERROR_CODES, EarError, type EarErrorCode } from './errors.js';

const service = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const KID = 'service-key-1';
const jwks = { keys: [{ ...(await exportJWK(service.publicKey)), kid: KID, alg: 'ES256', use: 'sig' }] };
const NOW = 1_900_000_000;
const MAX_AGE = 900;
const TOLERANCE = 30;
const options = (o: Partial<VerifyEarOptions> = {}): VerifyEarOptions => ({
  jwks,
  issuer: ISSUER,
  audience: AUDIENCE,
  maxAgeSeconds: MAX_AGE,
  clockToleranceSeconds: TOLERANCE,
  certThumbprint: THUMBPRINT,
  now: new Date(NOW * 1000),
  ...o,
});
const HEADER = JSON.stringify({ alg: 'ES256', typ: 'ear+jwt', kid: KID });
const valid = await signEar(earClaims(NOW), service.privateKey, KID);
const payload = Buffer.from(valid.split('.')[1] ?? '', 'base64url').toString();
const resign = (header: string, body: string) => rawJws(header, body, 'ES256', service.privateKey);

/** null when accepted, else the code; anything thrown that is not an EarError fails the test. */
async function outcome(token: string, o: Partial<VerifyEarOptions> = {}): Promise<EarErrorCode | null> {
  try {
    await verifyEar(token, options(o));
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(EarError);
    const code = (error as EarError).code;
    expect(EAR_ERROR_CODES).toContain(code);
    return code;
  }
}

const TIME_CODES: EarErrorCode[] = ['VIGIL_EAR_EXPIRED', 'VIGIL_EAR_TOO_OLD', 'VIGIL_EAR_IAT_FUTURE'];

describe('verifyEar under fuzzing', () => {
  it('never accepts a tampered token unless the tampering is a no-op', async () => {
    await fc.assert(
      fc.asyncProperty(tamper(), async (t) => {
        const token = applyTamper(valid, t);
        const code = await outcome(token);
        if (code === null) expect(token).toBe(valid);
        if (token !== valid && t.kind === 'signature-byte') expect(code).toBe('VIGIL_EAR_SIGNATURE');
        if (t.kind === 'padding') expect(code).toBe('VIGIL_EAR_MALFORMED');
        // Both segments are scanned for duplicates before any signature work.
        if (t.kind === 'duplicate-key' && t.segment !== 2) expect(code).toBe('VIGIL_EAR_DUPLICATE_KEY');
        if (t.kind === 'claim')
          expect(['VIGIL_EAR_SIGNATURE', 'VIGIL_EAR_CLAIMS', 'VIGIL_EAR_MALFORMED']).toContain(code);
      }),
      { numRuns: 300 },
    );
  });

  it('re-signed header changes are accepted only when the header still meets the policy', async () => {
    const edit = fc.tuple(fc.constantFrom(...HEADER_NAMES), fc.constantFrom(...RAW_VALUES));
    await fc.assert(
      fc.asyncProperty(edit, async ([name, raw]) => {
        const header = withMember(HEADER, name, raw);
        const code = await outcome(resign(header, payload));
        const parsed = JSON.parse(header) as Record<string, unknown>;
        const tooDeep = raw.startsWith('[[[[') || raw.startsWith('{"a":{"a":{"a":');
        const meetsPolicy =
          !tooDeep &&
          parsed.alg === 'ES256' &&
          parsed.typ === 'ear+jwt' &&
          parsed.kid === KID &&
          // Parameters that change processing; others (jku, x5c…) are never used for trust.
          !['crit', 'b64'].includes(name);
        expect(code === null, `${name}=${raw}: ${code}`).toBe(meetsPolicy);
      }),
      { numRuns: 150 },
    );
  });

  it('re-signed claim changes pass only when the claims still meet the schema', async () => {
    const edit = fc.tuple(fc.constantFrom(...CLAIM_NAMES), fc.constantFrom(...RAW_VALUES));
    await fc.assert(
      fc.asyncProperty(edit, async ([name, raw]) => {
        const body = withMember(payload, name, raw);
        const code = await outcome(resign(HEADER, body));
        if (code === null) expect(EarClaimsSchema.safeParse(JSON.parse(body)).success).toBe(true);
        expect([
          null,
          'VIGIL_EAR_CLAIMS',
          'VIGIL_EAR_MALFORMED',
          'VIGIL_EAR_ISSUER',
          'VIGIL_EAR_AUDIENCE',
          'VIGIL_EAR_CNF',
          'VIGIL_EAR_NOT_YET_VALID',
          ...TIME_CODES,
        ]).toContain(code);
        if (['iat', 'exp', 'nbf'].includes(name) && /^-?\d+[.eE]/.test(raw)) expect(code).toBe('VIGIL_EAR_CLAIMS');
      }),
      { numRuns: 150 },
    );
  });

  it('rejects a re-signed payload or header with a duplicate member as such', async () => {
    expect(await outcome(resign(HEADER, withDuplicateMember(payload)))).toBe('VIGIL_EAR_DUPLICATE_KEY');
    expect(await outcome(resign(withDuplicateMember(HEADER), payload))).toBe('VIGIL_EAR_DUPLICATE_KEY');
  });

  it('time checks agree with exp, iat, maximum age and tolerance', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: -3_000, max: 3_000 }),
        fc.integer({ min: 1, max: 2_000 }),
        async (skew, life) => {
          const iat = NOW + skew;
          const token = await signEar(earClaims(iat, { exp: iat + life }), service.privateKey, KID);
          const code = await outcome(token);
          const fresh = iat + life > NOW - TOLERANCE && iat <= NOW + TOLERANCE && NOW - iat <= MAX_AGE + TOLERANCE;
          expect(code === null, `iat ${skew} s from now, life ${life} s: ${code}`).toBe(fresh);
          if (!fresh) expect(TIME_CODES).toContain(code);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('binds to the connection: any other thumbprint is a cnf mismatch', async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), async (thumbprint) => {
        expect(await outcome(valid, { certThumbprint: thumbprint })).toBe(
          thumbprint === THUMBPRINT ? null : 'VIGIL_EAR_CNF',
        );
      }),
      { numRuns: 100 },
    );
  });

  it('rejects arbitrary strings with a specific code, and 1 MB tokens quickly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (token) => {
        expect(await outcome(token)).not.toBeNull();
      }),
      { numRuns: 150 },
    );
    for (const token of [`${'A'.repeat(1 << 20)}.e30.AA`, `e30.${'e30'.repeat(1 << 18)}.AA`]) {
      const started = performance.now();
      expect(await outcome(token)).not.toBeNull();
      expect(performance.now() - started).toBeLessThan(1_000);
    }
  });

  it('regression: a signature spelled with different unused bits is malformed, not a second valid spelling', async () => {
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // 64-byte ES256 signatures leave 4 unused bits in the last character; jose ignored them.
    const respelled = `${valid.slice(0, -1)}${ALPHABET[ALPHABET.indexOf(valid.at(-1) ?? 'A') ^ 1]}`;
    expect(await outcome(valid)).toBeNull();
    expect(await outcome(respelled)).toBe('VIGIL_EAR_MALFORMED');
  });
});
