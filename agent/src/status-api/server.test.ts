import { mkdtemp, rename, rm, stat, writeFile, readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStatusServer, type StatusServer, type StatusServerOptions } from './server.js';
import { sampleStatus } from '../test-support/status-api-sample.js';

let dir: string;
let socketPath: string;
const servers: StatusServer[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-status-'));
  socketPath = join(dir, 'run', 'vigil', 'status.sock');
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  await rm(dir, { recursive: true, force: true });
});

async function startServer(overrides: Partial<StatusServerOptions> = {}): Promise<StatusServer> {
  const server = createStatusServer({
    socketPath,
    getStatus: () => sampleStatus(),
    requestCheck: () => {},
    ...overrides,
  });
  servers.push(server);
  await server.start();
  return server;
}

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: unknown;
}

function raw(
  method: string,
  path: string,
  options: { body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method, path, headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          json: JSON.parse(Buffer.concat(chunks).toString() || 'null'),
        }),
      );
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('status server: socket file', () => {
  it('listens on a 0666 socket inside a 0755 directory it created', async () => {
    await startServer();
    expect((await stat(socketPath)).isSocket()).toBe(true);
    expect((await stat(socketPath)).mode & 0o777).toBe(0o666);
    expect((await stat(join(dir, 'run', 'vigil'))).mode & 0o777).toBe(0o755);
  });

  it('removes its socket file on stop', async () => {
    const server = await startServer();
    await server.stop();
    await expect(stat(socketPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('replaces a stale socket file nothing answers on', async () => {
    await startServer(); // creates the directory
    await servers.pop()!.stop();
    // A socket inode whose listener is gone, as a crashed agent leaves behind.
    const listener = createNetServer();
    const elsewhere = join(dir, 'other.sock');
    await new Promise<void>((r) => listener.listen(elsewhere, r));
    await rename(elsewhere, socketPath);
    await new Promise<void>((r) => listener.close(() => r()));
    await startServer();
    expect((await raw('GET', '/v1/status')).status).toBe(200);
  });

  it('refuses to take over a socket another process answers on', async () => {
    await startServer();
    const second = createStatusServer({ socketPath, getStatus: () => sampleStatus(), requestCheck: () => {} });
    await expect(second.start()).rejects.toMatchObject({ code: 'VIGIL_STATUS_SOCKET_IN_USE' });
    expect((await raw('GET', '/v1/status')).status).toBe(200);
  });

  it('never deletes a regular file at the socket path', async () => {
    await startServer();
    await servers.pop()!.stop();
    await writeFile(socketPath, 'precious');
    const server = createStatusServer({ socketPath, getStatus: () => sampleStatus(), requestCheck: () => {} });
    await expect(server.start()).rejects.toMatchObject({ code: 'VIGIL_STATUS_SOCKET_PATH_OCCUPIED' });
    expect(await readFile(socketPath, 'utf8')).toBe('precious');
  });
});

describe('status server: routes', () => {
  it('serves the status with no-store JSON whatever the Host header says', async () => {
    await startServer();
    const answer = await raw('GET', '/v1/status', { headers: { host: 'evil.example:1234' } });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.json).toEqual(sampleStatus());
  });

  it('answers unknown paths with 404 {code, message}', async () => {
    await startServer();
    const answer = await raw('GET', '/v1/secrets');
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ code: 'VIGIL_STATUS_NOT_FOUND', message: expect.any(String) });
  });

  it('answers a wrong method with 405 and Allow', async () => {
    await startServer();
    for (const [method, path, allow] of [
      ['DELETE', '/v1/status', 'GET'],
      ['GET', '/v1/check-now', 'POST'],
      ['PUT', '/v1/status', 'GET'],
    ] as const) {
      const answer = await raw(method, path);
      expect(answer.status).toBe(405);
      expect(answer.headers.allow).toBe(allow);
      expect(answer.json).toMatchObject({ code: 'VIGIL_STATUS_METHOD_NOT_ALLOWED' });
    }
  });

  it('rejects bodies over 4 KiB, declared or streamed', async () => {
    await startServer();
    const big = Buffer.alloc(5000, 'a');
    const declared = await raw('POST', '/v1/check-now', { body: big });
    expect(declared.status).toBe(413);
    expect(declared.json).toMatchObject({ code: 'VIGIL_STATUS_BODY_TOO_LARGE' });
    const chunked = await raw('POST', '/v1/check-now', { body: big, headers: { 'transfer-encoding': 'chunked' } });
    expect(chunked.status).toBe(413);
  });

  it('answers 500 {code, message} and reports when the daemon produces an invalid status', async () => {
    const onError = vi.fn();
    await startServer({ getStatus: () => ({ ...sampleStatus(), status: 'green' }) as never, onError });
    const answer = await raw('GET', '/v1/status');
    expect(answer.status).toBe(500);
    expect(answer.json).toEqual({ code: 'VIGIL_STATUS_INTERNAL', message: 'the agent produced an invalid status' });
    expect(onError).toHaveBeenCalledOnce();
  });
});

describe('status server: check-now', () => {
  it('accepts one request per interval, then answers 429 with Retry-After', async () => {
    let clock = 1_000_000;
    const requestCheck = vi.fn();
    await startServer({ requestCheck, now: () => clock });
    const first = await raw('POST', '/v1/check-now', { body: '{"pid":42,"uid":1000}' });
    expect(first.status).toBe(202);
    expect(first.json).toMatchObject({ accepted: true });
    expect(requestCheck).toHaveBeenCalledWith({ pid: 42, uid: 1000 });

    clock += 15_000;
    const second = await raw('POST', '/v1/check-now');
    expect(second.status).toBe(429);
    expect(second.headers['retry-after']).toBe('45');
    expect(second.json).toEqual({ accepted: false, retryAfterSeconds: 45, message: expect.any(String) });
    expect(requestCheck).toHaveBeenCalledOnce();

    clock += 45_000;
    expect((await raw('POST', '/v1/check-now')).status).toBe(202);
  });

  it('honours a custom interval', async () => {
    let clock = 0;
    await startServer({ minCheckIntervalMs: 5_000, now: () => clock });
    expect((await raw('POST', '/v1/check-now')).status).toBe(202);
    clock = 4_999;
    expect((await raw('POST', '/v1/check-now')).status).toBe(429);
    clock = 5_000;
    expect((await raw('POST', '/v1/check-now')).status).toBe(202);
  });

  it('rejects a body that is not the small requester object', async () => {
    await startServer();
    expect((await raw('POST', '/v1/check-now', { body: 'not json' })).status).toBe(400);
    expect((await raw('POST', '/v1/check-now', { body: '{"uid":-1}' })).status).toBe(400);
    expect((await raw('POST', '/v1/check-now', { body: '{"command":"rm"}' })).status).toBe(400);
  });

  it('does not spend the interval on a request the daemon failed to start', async () => {
    const requestCheck = vi.fn().mockRejectedValueOnce(new Error('busy')).mockResolvedValue(undefined);
    await startServer({ requestCheck });
    const failed = await raw('POST', '/v1/check-now');
    expect(failed.status).toBe(500);
    expect(failed.json).toEqual({ code: 'VIGIL_STATUS_INTERNAL', message: 'internal error' });
    expect((await raw('POST', '/v1/check-now')).status).toBe(202);
  });
});
