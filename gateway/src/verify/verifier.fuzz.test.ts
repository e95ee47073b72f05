// Property-based tests of the gateway's verifier (with its token cache) on real ES256 tokens:
// a damaged token or a foreign certificate never gets an allow, every refusal names documented
// reason codes, and nothing throws. See docs/fuzzing.md.
import { EarClaimsSchema } from '@vigil/shared';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isReasonCode } from '../reasons.js';
import {
  ear,
  earClaims,
  rawEar,
  serviceKey,
  THUMBPRINT,
  ISSUER,
  AUDIENCE,
  type ServiceKey,
} from '../test-support/ear.js';
import type { Decision } from './decision.js';
import { createAttestationVerifier, type AttestationVerifier } from './verifier.js';

let key: ServiceKey;
let verifier: AttestationVerifier;
let valid: string;
beforeAll(async () => {
  key = await serviceKey();
  verifier = createAttestationVerifier({ keys: key.jwks, issuer: ISSUER, audience: AUDIENCE });
  valid = await ear(key);
});

function expectDocumented(decision: Decision): void {
  if (decision.allow) return;
  expect(decision.reasons.length).toBeGreaterThan(0);
  for (const reason of decision.reasons) expect(isReasonCode(reason.code), reason.code).toBe(true);
  expect([401, 403, 503]).toContain(decision.httpStatus);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Text-level damage; the signature stays the original one. */
const damage = fc.oneof(
  fc.record({
    kind: fc.constant('char' as const),
    at: fc.nat(),
    char: fc.constantFrom(...ALPHABET, '+', '/', '=', '.', ' ', 'é'),
  }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom('.', '=', '==', ' ', 'A', '.e30'),
  }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(2) }),
);
type Damage = typeof damage extends fc.Arbitrary<infer T> ? T : never;
function apply(token: string, d: Damage): string {
  const at = d.kind === 'swap' ? d.at : d.at % (token.length + 1);
  if (d.kind === 'char') return token.slice(0, at) + d.char + token.slice(at + 1);
  if (d.kind === 'cut') return token.slice(0, at);
  if (d.kind === 'insert') return token.slice(0, at) + d.text + token.slice(at);
  const parts = token.split('.');
  [parts[at], parts[(at + 1) % 3]] = [parts[(at + 1) % 3] ?? '', parts[at] ?? ''];
  return parts.join('.');
}

describe('gateway verifier under fuzzing', () => {
  it('never allows a damaged token, and names documented reasons (twice: cold and cached)', async () => {
    await fc.assert(
      fc.asyncProperty(damage, async (d) => {
        const token = apply(valid, d);
        const first = await verifier.verify(token, { certThumbprint: THUMBPRINT });
        const second = await verifier.verify(token, { certThumbprint: THUMBPRINT });
        expect(first.allow).toBe(token === valid);
        expect(second.allow).toBe(first.allow);
        expectDocumented(first);
      }),
      { numRuns: 300 },
    );
  });

  it('re-signed header changes get an allow only when the header meets the policy', async () => {
    const values = [
      null,
      1,
      '',
      'none',
      'HS256',
      'RS256',
      'ES256',
      'JWT',
      'ear+jwt',
      'application/ear+jwt',
      'svc-2025-01',
      'other',
      [],
      {},
    ];
    const names = ['alg', 'typ', 'kid', 'crit', 'b64', 'x5c', 'jku'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.constantFrom(...values), async (name, value) => {
        let token: string;
        try {
          token = await rawEar(key, { ...earClaims() }, { [name]: value });
        } catch {
          return; // jose refuses to sign some of these (alg none, crit without the extension)
        }
        const decision = await verifier.verify(token, { certThumbprint: THUMBPRINT });
        const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as Record<
          string,
          unknown
        >;
        const meets =
          header.alg === 'ES256' &&
          typeof header.typ === 'string' &&
          header.typ.toLowerCase().replace(/^application\//, '') === 'ear+jwt' &&
          header.kid === key.kid &&
          !('crit' in header) &&
          !('b64' in header);
        expect(decision.allow, `${name}=${JSON.stringify(value)}`).toBe(meets);
        expectDocumented(decision);
      }),
      { numRuns: 100 },
    );
  });

  it('re-signed claim changes never allow a token the claims schema or the binding refuses', async () => {
    const values = [null, -1, 0, 1.5, 1e308, 2 ** 53, '', 'x', [], {}, { 'x5t#S256': 'A'.repeat(43) }];
    const names = [
      'iss',
      'sub',
      'aud',
      'iat',
      'exp',
      'jti',
      'cnf',
      'ear_status',
      'submods',
      'vigil_checks',
      'vigil_verdict',
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.constantFrom(...values), async (name, value) => {
        const claims = { ...earClaims(), [name]: value };
        const decision = await verifier.verify(await rawEar(key, claims), { certThumbprint: THUMBPRINT });
        const acceptable = EarClaimsSchema.safeParse(claims).success && claims.cnf?.['x5t#S256'] === THUMBPRINT;
        if (decision.allow) expect(acceptable, `${name}=${JSON.stringify(value)}`).toBe(true);
        expectDocumented(decision);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses validly signed tokens with duplicate members, deep nesting or non-integer times as malformed or claims', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'ear+jwt', kid: key.kid })).toString('base64url');
    const claims = JSON.stringify(earClaims());
    const payloads: Array<[string, string]> = [
      [`${claims.slice(0, -1)},"iss":"https://attacker.example"}`, 'VIGIL_GATEWAY_MALFORMED'],
      [`${claims.slice(0, -1)},"deep":${'['.repeat(40)}${']'.repeat(40)}}`, 'VIGIL_GATEWAY_MALFORMED'],
      [claims.replace(/"exp":(\d+)/, '"exp":$1.0'), 'VIGIL_GATEWAY_CLAIMS'],
      [claims.replace(/"iat":(\d+)/, '"iat":1e999'), 'VIGIL_GATEWAY_CLAIMS'],
    ];
    for (const [payload, code] of payloads) {
      const input = `${header}.${Buffer.from(payload).toString('base64url')}`;
      const signature = await crypto.subtle.sign(
        { name: 'ECDSA', hash: 'SHA-256' },
        key.privateKey,
        new TextEncoder().encode(input),
      );
      const token = `${input}.${Buffer.from(signature).toString('base64url')}`;
      const decision = await verifier.verify(token, { certThumbprint: THUMBPRINT });
      expect(
        decision.reasons.map((r) => r.code),
        payload.slice(-60),
      ).toEqual([code]);
    }
  });

  it('binds to the certificate of this request, also for a cached token', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), fc.string({ maxLength: 60 })),
        async (thumbprint) => {
          const decision = await verifier.verify(valid, { certThumbprint: thumbprint });
          expect(decision.allow).toBe(thumbprint === THUMBPRINT);
          expectDocumented(decision);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses arbitrary strings and oversized tokens quickly, without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (token) => {
        const decision = await verifier.verify(token, { certThumbprint: THUMBPRINT });
        expect(decision.allow).toBe(false);
        expectDocumented(decision);
      }),
      { numRuns: 150 },
    );
    const started = performance.now();
    const huge = await verifier.verify(`${valid}${'A'.repeat(1 << 20)}`, { certThumbprint: THUMBPRINT });
    expect(huge.reasons.map((r) => r.code)).toEqual(['VIGIL_GATEWAY_MALFORMED']);
    expect(performance.now() - started).toBeLessThan(100);
  });
});
