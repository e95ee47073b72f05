// POST /v1/evidence under fuzzing: a real device's signed report, damaged in the token, the
// claims (re-signed with the device key), the Idempotency-Key, the content type and the client
// certificate. Never a 500, documented codes only, a retry gets the same answer, and a rejected
// report leaves every table but the idempotency record (rejections are stored under their key
// by design) untouched: afterwards the device's first report is still accepted as seq 1.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../store/sqlite/open.js';
import { sqliteStore } from '../../store/sqlite/sqlite-store.js';
import { expectDocumentedAnswer, tableDigests } from '../../test-support/fuzz-edges.js';
import { createTestService, TestDevice, type SignedReport, type TestService } from '../../test-support/index.js';

let db: Db;
let service: TestService;
let device: TestDevice;
let stranger: TestDevice;
let base: SignedReport;
let nonce: string;
beforeAll(async () => {
  db = openDatabase(':memory:');
  service = await createTestService({ store: sqliteStore(db) });
  device = await service.enrolled(new TestDevice());
  stranger = await service.enrolled(new TestDevice());
  nonce = await service.challenge(device);
  base = await device.report({ nonce });
});
afterAll(() => service.close());

/** Every table but the idempotency record. */
const stateOf = () => {
  const digests = tableDigests(db);
  delete digests.idempotency;
  return digests;
};

/** Claim changes that make the report invalid (re-signed, so they reach the claim checks). */
const claimEdit = fc.oneof(
  fc.record({ seq: fc.constantFrom(0, 2, -1, 1.5, 2 ** 53) }),
  // Only invalid values: any integer iat is valid on a challenged report (skew is a warning).
  fc.record({ iat: fc.constantFrom(-1, 1.5, 2 ** 53) }),
  fc.record({ ueid: fc.constantFrom('STRANGER', '', 'x') }),
  fc.record({ eat_nonce: fc.constantFrom('A'.repeat(43), '', 'short', 'B'.repeat(75)) }),
  fc.record({ prev: fc.constantFrom('x'.repeat(43), '', 'y') }),
  fc.record({ gap: fc.constantFrom({ from: 1, to: 5 }, { from: 0, to: 0 }) }),
  fc.record({ posture: fc.constantFrom({}, null, 'x') }),
  fc.record({ eat_profile: fc.constantFrom('', 'https://evil.example/') }),
);

describe('POST /v1/evidence under fuzzing', () => {
  it('answers damaged reports with documented codes, the same on retry, storing nothing but the answer', async () => {
    const request = fc.record({
      token: fc.oneof(
        fc
          .tuple(fc.nat(), fc.constantFrom('A', '.', '=', ' ', '', '+'))
          .map(([at, c]) => ({ kind: 'char' as const, at, c })),
        fc.nat().map((at) => ({ kind: 'cut' as const, at })),
        claimEdit.map((claims) => ({ kind: 'claims' as const, claims })),
        fc.string({ maxLength: 200 }).map((text) => ({ kind: 'text' as const, text })),
      ),
      key: fc.oneof(
        fc.constant('JTI'),
        fc.constantFrom(undefined, '', 'short', 'x'.repeat(129), 'bad key', 'report-0001'),
        fc.stringMatching(/^[A-Za-z0-9._:-]{8,40}$/),
      ),
      contentType: fc.constantFrom(
        'application/eat+jwt',
        'application/EAT+JWT; charset=utf-8',
        'application/jwt',
        'text/plain',
        undefined,
      ),
      cert: fc.constantFrom('device', 'device', 'stranger', 'garbage', 'none'),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        let body: string;
        let jti = base.jti;
        const t = r.token;
        if (t.kind === 'char') {
          const at = t.at % base.jws.length;
          body = base.jws.slice(0, at) + t.c + base.jws.slice(at + 1);
        } else if (t.kind === 'cut') body = base.jws.slice(0, t.at % base.jws.length);
        else if (t.kind === 'text') body = t.text;
        else {
          const claims = 'ueid' in t.claims && t.claims.ueid === 'STRANGER' ? { ueid: stranger.deviceId } : t.claims;
          const edited = await device.report({ nonce, unchecked: true, claims: claims as Record<string, unknown> });
          body = edited.jws;
          jti = edited.jti;
        }
        fc.pre(body !== base.jws); // the untouched report is the one request that must succeed
        const headers: Record<string, string> = {};
        if (r.contentType) headers['content-type'] = r.contentType;
        if (r.key !== undefined) headers['idempotency-key'] = r.key === 'JTI' ? jti : r.key;
        if (r.cert === 'device') Object.assign(headers, device.certHeader());
        if (r.cert === 'stranger') Object.assign(headers, stranger.certHeader());
        if (r.cert === 'garbage') headers['x-vigil-test-client-cert'] = 'AAAA';
        const before = stateOf();
        const send = () => service.app.inject({ method: 'POST', url: '/v1/evidence', headers, payload: body });
        const first = await send();
        expectDocumentedAnswer(first, `${r.token.kind} key=${String(r.key)} cert=${r.cert}`);
        expect(first.statusCode).toBeGreaterThanOrEqual(400);
        expect(stateOf()).toEqual(before);
        const again = await send();
        expect([again.statusCode, again.body]).toEqual([first.statusCode, first.body]);
      }),
      { numRuns: 200 },
    );
    // Nothing moved: the nonce is unspent and seq 1 is still next (a fresh jti, since the
    // original one now holds the answer to a damaged body).
    const first = await device.report({ nonce, seq: 1 });
    const accepted = await service.evidence(device, first);
    expect(accepted.statusCode, accepted.body.slice(0, 300)).toBe(200);
  });

  it('refuses oversize bodies with 413 before reading them', async () => {
    for (const size of [300_000, 2_000_000]) {
      const response = await service.app.inject({
        method: 'POST',
        url: '/v1/evidence',
        headers: { ...device.certHeader(), 'content-type': 'application/eat+jwt', 'idempotency-key': 'oversize-0001' },
        payload: 'A'.repeat(size),
      });
      expectDocumentedAnswer(response, `${size} bytes`);
      expect(response.statusCode).toBe(413);
    }
  });
});
