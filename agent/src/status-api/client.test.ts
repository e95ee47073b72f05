import { mkdtemp, rename, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchStatus, requestCheckNow } from './client.js';
import { createStatusServer, type StatusServer } from './server.js';
import { sampleStatus } from '../test-support/status-api-sample.js';

let dir: string;
let socketPath: string;
const cleanups: Array<() => Promise<unknown>> = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-client-'));
  socketPath = join(dir, 'status.sock');
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rm(dir, { recursive: true, force: true });
});

async function agent(): Promise<StatusServer> {
  const server = createStatusServer({ socketPath, getStatus: () => sampleStatus(), requestCheck: () => {} });
  await server.start();
  cleanups.push(() => server.stop());
  return server;
}

async function fakeAgent(listener: RequestListener): Promise<void> {
  const server = createHttpServer(listener);
  await new Promise<void>((r) => server.listen(socketPath, r));
  cleanups.push(() => new Promise((r) => server.close(r)));
}

async function listenRaw(server: Server, path: string): Promise<void> {
  await new Promise<void>((r) => server.listen(path, r));
}

describe('status client', () => {
  it('fetches and validates the status from a real server', async () => {
    await agent();
    await expect(fetchStatus(socketPath)).resolves.toEqual(sampleStatus());
  });

  it('returns both check-now outcomes without throwing', async () => {
    await agent();
    await expect(requestCheckNow(socketPath, { requester: { pid: process.pid } })).resolves.toMatchObject({
      accepted: true,
    });
    await expect(requestCheckNow(socketPath)).resolves.toMatchObject({ accepted: false, retryAfterSeconds: 60 });
  });

  it('reports VIGIL_STATUS_UNREACHABLE when no socket exists', async () => {
    await expect(fetchStatus(socketPath, { timeoutMs: 500 })).rejects.toMatchObject({
      code: 'VIGIL_STATUS_UNREACHABLE',
      message: expect.stringContaining('not running'),
    });
  });

  it('reports VIGIL_STATUS_UNREACHABLE on a stale socket file', async () => {
    const listener = createNetServer();
    const elsewhere = join(dir, 'old.sock');
    await listenRaw(listener, elsewhere);
    await rename(elsewhere, socketPath);
    await new Promise<void>((r) => listener.close(() => r()));
    await expect(requestCheckNow(socketPath, { timeoutMs: 500 })).rejects.toMatchObject({
      code: 'VIGIL_STATUS_UNREACHABLE',
    });
  });

  it('times out with VIGIL_STATUS_UNREACHABLE when the listener never answers', async () => {
    const held: Socket[] = [];
    const silent = createNetServer((socket) => void held.push(socket)); // accepts, never answers
    await listenRaw(silent, socketPath);
    cleanups.push(async () => {
      held.forEach((socket) => socket.destroy());
      await new Promise((r) => silent.close(r));
    });
    const started = Date.now();
    await expect(fetchStatus(socketPath, { timeoutMs: 200 })).rejects.toMatchObject({
      code: 'VIGIL_STATUS_UNREACHABLE',
      message: expect.stringContaining('within 200 ms'),
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('rejects answers that break the contract', async () => {
    let body = '{"status":"green"}';
    await fakeAgent((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    await expect(fetchStatus(socketPath)).rejects.toMatchObject({ code: 'VIGIL_STATUS_BAD_RESPONSE' });
    body = '<html>';
    await expect(fetchStatus(socketPath)).rejects.toMatchObject({ code: 'VIGIL_STATUS_BAD_RESPONSE' });
  });

  it('passes the agent error code through as remoteCode', async () => {
    await fakeAgent((_req, res) => res.writeHead(500).end('{"code":"VIGIL_STATUS_INTERNAL","message":"boom"}'));
    await expect(fetchStatus(socketPath)).rejects.toMatchObject({
      code: 'VIGIL_STATUS_REQUEST_FAILED',
      remoteCode: 'VIGIL_STATUS_INTERNAL',
    });
  });
});
