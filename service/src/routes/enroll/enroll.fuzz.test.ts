// POST /v1/enroll under fuzzing: a real CSR damaged as PEM text and as DER, and bodies of the
// wrong shape, with a valid enrollment token. Never a 500, documented codes only (VIGIL_CSR_*,
// VIGIL_HTTP_*, VIGIL_ENROLL_*), only a whitespace-only change may enroll, and a rejected request
// leaves every table as it was (the token keeps its uses). See docs/fuzzing.md.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../store/sqlite/open.js';
import { sqliteStore } from '../../store/sqlite/sqlite-store.js';
import { expectDocumentedAnswer, tableDigests } from '../../test-support/fuzz-edges.js';
import { buildCsrDer, createTestService, TestDevice, type TestService } from '../../test-support/index.js';

let db: Db;
let service: TestService;
let token: string;
let der: Buffer;
beforeAll(async () => {
  db = openDatabase(':memory:');
  service = await createTestService({ store: sqliteStore(db) });
  token = await service.enrollmentToken({ uses: 100_000 });
  const device = new TestDevice();
  der = buildCsrDer({ privateKey: device.privateKey, publicKey: device.publicKey });
});
afterAll(() => service.close());

const pem = (bytes: Buffer, label = 'CERTIFICATE REQUEST') =>
  `-----BEGIN ${label}-----\n${(bytes.toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`;

const derDamage = fc.oneof(
  fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 3 }).map((flips) => {
    const copy = Buffer.from(der);
    for (const [at, xor] of flips) copy[at % copy.length] = (copy[at % copy.length] ?? 0) ^ xor;
    return copy;
  }),
  fc.nat().map((at) => der.subarray(0, at % der.length)),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((extra) => Buffer.concat([der, extra])),
  fc.uint8Array({ maxLength: 600 }).map((bytes) => Buffer.from(bytes)),
  // Deep nesting: SEQUENCE inside SEQUENCE, far past any CSR's depth.
  fc.integer({ min: 20, max: 2_000 }).map((depth) => Buffer.from('30'.repeat(depth).padEnd(depth * 4, '80'), 'hex')),
);
const textDamage = fc.oneof(
  fc.tuple(fc.nat(), fc.constantFrom('A', '=', '-', ' ', '\r', '\n', '\0', 'é')).map(([at, c]) => (text: string) => {
    const i = at % text.length;
    return text.slice(0, i) + c + text.slice(i + 1);
  }),
  fc.nat().map((at) => (text: string) => text.slice(0, at % text.length)),
  fc.constantFrom(
    (text: string) => text + text,
    (text: string) => text.replace(/\n/g, '\r\n'),
    (text: string) => text.replace('CERTIFICATE REQUEST', 'CERTIFICATE'),
    (text: string) => `junk\n${text}`,
    (text: string) => text.replace(/\n(?!-)/g, ''),
    (text: string) => text.replace(/=*\n-----END/, '==\n-----END'),
    (text: string) => `${text}\n`,
    (text: string) => text.padEnd(20_000, '\n'),
  ),
);

describe('POST /v1/enroll under fuzzing', () => {
  it('rejects damaged CSRs with documented codes and stores nothing', async () => {
    const csr = fc.oneof(
      derDamage.map((bytes) => pem(bytes)),
      textDamage.map((damage) => damage(pem(der))),
      fc.string({ maxLength: 300 }),
    );
    const extra = fc.constantFrom(
      {},
      { deviceId: '6f1d2c3b-4a59-4e8f-9d7c-0a1b2c3d4e5f' },
      { deviceId: 'not-a-uuid' },
      { extra: 1 },
      { token: 12 },
      { csr: null },
    );
    await fc.assert(
      fc.asyncProperty(csr, extra, async (text, more) => {
        const before = tableDigests(db);
        const payload = { token, csr: text, ...more };
        const response = await service.app.inject({ method: 'POST', url: '/v1/enroll', payload });
        expectDocumentedAnswer(response, JSON.stringify(text.slice(0, 80)));
        const whitespaceOnly = text.replace(/\s+/g, '') === pem(der).replace(/\s+/g, '') && !('extra' in more);
        if (response.statusCode === 201) expect(whitespaceOnly, text.slice(0, 200)).toBe(true);
        else expect(tableDigests(db)).toEqual(before);
      }),
      { numRuns: 250 },
    );
  });

  it('refuses a CSR nested thousands deep quickly', async () => {
    const started = performance.now();
    const deep = Buffer.from(`${'3082ffff'.repeat(3_000)}`, 'hex');
    const response = await service.app.inject({
      method: 'POST',
      url: '/v1/enroll',
      payload: { token, csr: pem(deep) },
    });
    expectDocumentedAnswer(response, 'deep');
    expect(response.statusCode).toBe(400);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
