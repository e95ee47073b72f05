// Every route the service publishes (its own OpenAPI document), through inject(), with
// arbitrary methods, path parameters, query strings, content types, credentials, idempotency
// keys and bodies. Never a 500; every rejection is `{code, message}` with a code from
// docs/errors.md; a rejected request changes no row of the real SQLite store. See
// docs/fuzzing.md.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../store/sqlite/open.js';
import { sqliteStore } from '../store/sqlite/sqlite-store.js';
import {
  expectDocumentedAnswer,
  publishedRoutes,
  tableDigests,
  type PublishedRoute,
} from '../test-support/fuzz-edges.js';
import { createTestService, TestDevice, type TestService } from '../test-support/index.js';

let db: Db;
let service: TestService;
let device: TestDevice;
let routes: PublishedRoute[];
beforeAll(async () => {
  db = openDatabase(':memory:');
  service = await createTestService({ store: sqliteStore(db) });
  device = await service.enrolled(new TestDevice());
  routes = await publishedRoutes(service.app);
});
afterAll(() => service.close());

const printable = (max: number) => fc.stringMatching(new RegExp(`^[ -~]{0,${max}}$`));
const param = fc.oneof(
  fc.constant('DEVICE'),
  fc.constant('THUMBPRINT'),
  fc.uuid(),
  fc.constantFrom('', '..', '%00', '%zz', '__proto__', 'a'.repeat(300), '6f1d2c3b-4a59-4e8f-9d7c-0a1b2c3d4e5f'),
  fc.stringMatching(/^[A-Za-z0-9_.~-]{1,40}$/),
);
const query = fc.oneof(
  fc.constant(''),
  fc
    .array(
      fc.tuple(
        fc.constantFrom('limit', 'status', 'after', 'raw', 'x', '__proto__', 'limit[]', ''),
        fc.oneof(fc.constantFrom('0', '1', '-1', '1001', 'abc', '1e3', 'active', 'banned', '', '%zz'), printable(20)),
      ),
      { maxLength: 4 },
    )
    .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`),
  printable(40).map((raw) => `?${raw}`),
);
const contentType = fc.constantFrom(
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/eat+jwt',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/jwt',
  '*/*',
  ';;',
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.constantFrom(
    '',
    '{}',
    '{"token":"x","csr":"y"}',
    '{"a":1,"a":2}',
    '{"__proto__":{"x":1}}',
    `${'['.repeat(40)}${']'.repeat(40)}`,
    '{"reason":1}',
    'null',
    'e30.e30.e30',
  ),
  fc.string({ maxLength: 300 }),
  fc.constant('x'.repeat(300_000)),
);
// Mostly valid credentials, so requests get past authentication to the schemas and handlers.
const credentials = fc.record({
  admin: fc.constantFrom('valid', 'valid', 'valid', 'forged', 'none', 'basic'),
  cert: fc.constantFrom('device', 'device', 'device', 'garbage', 'none'),
  key: fc.oneof(
    fc.constant(undefined),
    fc.constantFrom('', 'report-0001', 'x'.repeat(129), 'ä-key-0001'),
    printable(40),
  ),
});

describe('service HTTP edges under fuzzing', () => {
  it('never answers 500, always {code, message} with a documented code, and stores nothing on rejection', async () => {
    const request = fc.record({
      route: fc.oneof(
        { weight: 4, arbitrary: fc.nat().map((i) => routes[i % routes.length]!) },
        {
          weight: 1,
          arbitrary: fc.record({
            method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
            path: fc.stringMatching(/^\/[\w.~!$&'()*+,;=:@%/-]{0,30}$/),
          }),
        },
      ),
      otherMethod: fc.option(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'), { freq: 5 }),
      param,
      query,
      contentType,
      body,
      credentials,
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const value = r.param === 'DEVICE' ? device.deviceId : r.param === 'THUMBPRINT' ? device.thumbprint : r.param;
        const url = r.route.path.replace(/\{[^}]+\}/g, encodeURIComponent(value).replace(/%25/g, '%')) + r.query;
        const headers: Record<string, string> = {};
        if (r.contentType !== undefined) headers['content-type'] = r.contentType;
        if (r.credentials.admin === 'valid') headers.authorization = `Bearer ${service.adminToken}`;
        if (r.credentials.admin === 'forged') headers.authorization = `Bearer ${service.adminToken.slice(0, -2)}xx`;
        if (r.credentials.admin === 'basic') headers.authorization = 'Basic YTpi';
        if (r.credentials.cert === 'device') Object.assign(headers, device.certHeader());
        if (r.credentials.cert === 'garbage') headers['x-vigil-test-client-cert'] = 'not-a-certificate';
        if (r.credentials.key !== undefined) headers['idempotency-key'] = r.credentials.key;
        const before = tableDigests(db);
        const method = (r.otherMethod ?? r.route.method) as 'GET';
        const response = await service.app.inject({
          method,
          url,
          headers,
          ...(r.body !== undefined ? { payload: r.body } : {}),
        });
        const what = `${method} ${url}`;
        expectDocumentedAnswer(response, what);
        if (response.statusCode >= 400) expect(tableDigests(db), `${what} → ${response.statusCode}`).toEqual(before);
      }),
      { numRuns: 400 },
    );
  });

  it('regression: router errors (bad %-escape, over-long parameter) answer {code, message}, not FST_ERR_*', async () => {
    for (const [url, status] of [
      ['/%', 400],
      ['/v1/admin/devices/%zz', 400],
      [`/v1/admin/devices/${'a'.repeat(300)}`, 414],
    ] as const) {
      const response = await service.app.inject({ url, headers: service.admin() });
      expectDocumentedAnswer(response, url);
      expect([response.statusCode, response.json()]).toEqual([
        status,
        { code: 'VIGIL_HTTP_BAD_REQUEST', message: 'request rejected' },
      ]);
    }
  });

  it('answers admin device listings with any query string as 200 or a documented 400', async () => {
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const response = await service.app.inject({ url: `/v1/admin/devices${q}`, headers: service.admin() });
        expectDocumentedAnswer(response, q);
        expect([200, 400]).toContain(response.statusCode);
      }),
      { numRuns: 150 },
    );
  });
});
