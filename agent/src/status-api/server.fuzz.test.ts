// The local status API fed raw socket bytes: malformed HTTP, odd request targets, broken
// bodies, huge headers and slow clients. Whatever arrives, the server answers with a
// documented `{code, message}` (or node's own 4xx for unparseable HTTP), never a 500, never
// reports an internal error, and keeps serving. See docs/fuzzing.md.
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleStatus } from '../test-support/status-api-sample.js';
import { STATUS_HTTP_ERROR_CODES } from './errors.js';
import { createStatusServer, type StatusServer } from './server.js';

let dir: string;
let socketPath: string;
let server: StatusServer;
const internalErrors: unknown[] = [];
const DOCUMENTED = new Set<string>(Object.values(STATUS_HTTP_ERROR_CODES));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-status-fuzz-'));
  socketPath = join(dir, 'status.sock');
  server = createStatusServer({
    socketPath,
    getStatus: () => sampleStatus(),
    requestCheck: () => {},
    minCheckIntervalMs: 0,
    onError: (error) => internalErrors.push(error),
  });
  await server.start();
});
afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Writes `bytes`, half-closes, and returns everything the server sent before closing. */
function exchange(bytes: Uint8Array | string, options: { end?: boolean; timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    }, options.timeoutMs ?? 3_000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // The server may close first (a 400 for bad HTTP) while we still write: not a failure.
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    socket.write(bytes);
    if (options.end ?? true) socket.end();
  });
}

/** Every response in `raw` is a 2xx/4xx; those with a JSON body carry a documented code. */
function expectWellAnswered(raw: string): void {
  const statuses = [...raw.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
  for (const status of statuses) expect(status, raw.slice(0, 300)).toBeLessThan(500);
  for (const body of raw.matchAll(/\r\n\r\n(\{"code":"[^"]*")/g)) {
    const code = /"code":"([^"]*)"/.exec(body[1] ?? '')?.[1] ?? '';
    expect(DOCUMENTED.has(code), code).toBe(true);
  }
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'CONNECT', 'G ET', 'get', ''];
const TARGETS = [
  '/v1/status',
  '/v1/check-now',
  '/',
  '//',
  '/\\',
  '//[',
  '*',
  'http://[',
  '/v1/status?x=%',
  '/%zz',
  '/v1/../v1/status',
];
const VERSIONS = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 x', 'HTTP/9', ''];
const header = fc.oneof(
  fc.constantFrom(
    'Content-Length: 0',
    'Content-Length: 5',
    'Content-Length: -1',
    'Content-Length: 99999999999999999999',
    'Content-Length: 1, 2',
    'Transfer-Encoding: chunked',
    'Transfer-Encoding: gzip',
    'Content-Type: application/json',
    'Connection: close',
    'Host:',
    'Expect: 100-continue',
    ': no-name',
    'X-Folded:\r\n continued',
  ),
  fc
    .tuple(fc.stringMatching(/^[!-~]{1,12}$/), fc.string({ unit: 'binary-ascii', maxLength: 20 }))
    .map(([n, v]) => `${n}: ${v}`),
);
const body = fc.oneof(
  fc.constantFrom(
    '',
    '{}',
    '{"uid":1}',
    '{"uid":-1}',
    '{"uid":1,"uid":2}',
    '0\r\n\r\n',
    '5\r\nhello\r\n0\r\n\r\n',
    'zz\r\n',
  ),
  fc.string({ unit: 'binary', maxLength: 100 }),
);
const request = fc
  .tuple(
    fc.constantFrom(...METHODS),
    fc.oneof(fc.constantFrom(...TARGETS), fc.string({ maxLength: 20 })),
    fc.constantFrom(...VERSIONS),
    fc.array(header, { maxLength: 5 }),
    body,
  )
  .map(([method, target, version, headers, payload]) =>
    // node answers 400 to an HTTP/1.1 request without Host before any handler runs.
    [`${method} ${target} ${version}`, 'Host: localhost', ...headers, '', payload].join('\r\n'),
  );
const get = (target: string) => `GET ${target} HTTP/1.1\r\nHost: localhost\r\n\r\n`;
const checkNow = 'POST /v1/check-now HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n';

describe('status API server under raw-socket fuzzing', () => {
  it('answers structured HTTP garbage with documented codes and never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (text) => expectWellAnswered(await exchange(text))),
      { numRuns: 150, examples: [[get('//')], [get('//[')]] },
    );
    expect(internalErrors.map(String)).toEqual([]);
  });

  it('answers arbitrary bytes without a 500 and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => expectWellAnswered(await exchange(bytes))),
      { numRuns: 100 },
    );
    expect(await exchange(checkNow)).toMatch(/^HTTP\/1\.1 202/);
    expect(internalErrors.map(String)).toEqual([]);
  });

  it('refuses huge headers with 431 and huge bodies with 413, then keeps serving', async () => {
    expect(
      await exchange(`GET /v1/status HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`),
    ).toMatch(/^HTTP\/1\.1 431/);
    const chunks = `1000\r\n${'a'.repeat(4096)}\r\n`.repeat(4);
    const flood = `POST /v1/check-now HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n${chunks}`;
    const answer = await exchange(flood);
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer).toContain(STATUS_HTTP_ERROR_CODES.bodyTooLarge);
    expect(await exchange(checkNow)).toMatch(/^HTTP\/1\.1 202/);
  });

  it('is not held up by slow or vanishing clients', async () => {
    // Clients that send half a request and then wait, or drip a body and disconnect.
    const slow = Array.from({ length: 8 }, () =>
      exchange('POST /v1/check-now HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{', {
        end: false,
        timeoutMs: 1_500,
      }),
    );
    const started = performance.now();
    expect(await exchange(checkNow)).toMatch(/^HTTP\/1\.1 202/);
    expect(performance.now() - started).toBeLessThan(1_000);
    await Promise.all(slow);
    expect(await exchange(checkNow)).toMatch(/^HTTP\/1\.1 202/);
    expect(internalErrors.map(String)).toEqual([]);
  });

  it('regression: a request target new URL cannot parse is a 400, not a 500 (GET // HTTP/1.1)', async () => {
    const answer = await exchange(get('//'));
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer).toContain(STATUS_HTTP_ERROR_CODES.badRequest);
    expect(internalErrors.map(String)).toEqual([]);
  });
});
