import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type RequestListener } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentPrivacy, LAST_REPORT_CLAIMS } from '../test-support/privacy.js';
import { status } from '../test-support/statuses.js';
import { createAgentClient } from './agent-client.js';

// The happy path against the real agent server is test/tray-ui-agent-status.e2e.test.ts; these
// are the failures a real agent does not produce on demand.
let dir: string;
let socketPath: string;
const cleanups: Array<() => Promise<unknown>> = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-tray-client-'));
  socketPath = join(dir, 'status.sock');
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await rm(dir, { recursive: true, force: true });
});

async function fakeAgent(listener: RequestListener): Promise<void> {
  const server = createServer(listener);
  await new Promise<void>((r) => server.listen(socketPath, r));
  cleanups.push(() => new Promise((r) => server.close(r)));
}

describe('tray agent client', () => {
  it('is unreachable when no agent listens', async () => {
    await expect(createAgentClient(socketPath).fetchStatus()).rejects.toMatchObject({
      code: 'VIGIL_TRAY_AGENT_UNREACHABLE',
      message: expect.stringContaining('the agent is not running'),
    });
  });

  it('is unreachable when the agent hangs past the deadline', async () => {
    const held: Socket[] = [];
    const silent = createNetServer((s) => void held.push(s));
    await new Promise<void>((r) => silent.listen(socketPath, r));
    cleanups.push(async () => {
      held.forEach((s) => s.destroy());
      await new Promise((r) => silent.close(r));
    });
    await expect(createAgentClient(socketPath, { timeoutMs: 150 }).fetchStatus()).rejects.toMatchObject({
      code: 'VIGIL_TRAY_AGENT_UNREACHABLE',
      message: expect.stringContaining('150 ms'),
    });
  });

  it('rejects a status that breaks the contract, however plausible', async () => {
    await fakeAgent((_req, res) => res.end(JSON.stringify({ ...status(), status: 'green' })));
    await expect(createAgentClient(socketPath).fetchStatus()).rejects.toMatchObject({
      code: 'VIGIL_TRAY_AGENT_BAD_RESPONSE',
    });
  });

  it('rejects answers that are not JSON or far too large', async () => {
    let body = 'not json';
    await fakeAgent((_req, res) => res.end(body));
    await expect(createAgentClient(socketPath).fetchStatus()).rejects.toMatchObject({
      code: 'VIGIL_TRAY_AGENT_BAD_RESPONSE',
    });
    body = 'x'.repeat(2 * 1024 * 1024);
    await expect(createAgentClient(socketPath).fetchStatus()).rejects.toMatchObject({
      code: 'VIGIL_TRAY_AGENT_BAD_RESPONSE',
      message: expect.stringContaining('too large'),
    });
  });

  it('reports an agent error with its code', async () => {
    await fakeAgent((_req, res) => res.writeHead(500).end('{"code":"VIGIL_STATUS_INTERNAL","message":"boom"}'));
    await expect(createAgentClient(socketPath).fetchStatus()).rejects.toMatchObject({
      code: 'VIGIL_TRAY_AGENT_REQUEST_FAILED',
      message: expect.stringContaining('VIGIL_STATUS_INTERNAL: boom'),
    });
  });

  it('sends its pid with check-now and returns a 429 as an answer', async () => {
    let received = '';
    await fakeAgent((req, res) => {
      req.on('data', (c: Buffer) => (received += c.toString()));
      req.on('end', () =>
        res
          .writeHead(429, { 'retry-after': '30' })
          .end('{"accepted":false,"retryAfterSeconds":30,"message":"too soon"}'),
      );
    });
    await expect(createAgentClient(socketPath, { pid: 4242 }).requestCheckNow()).resolves.toEqual({
      accepted: false,
      retryAfterSeconds: 30,
      message: 'too soon',
    });
    expect(JSON.parse(received)).toEqual({ pid: 4242 });
  });

  it('reads the privacy report as received: unknown claims are kept, a broken report is refused', async () => {
    const claims = { ...LAST_REPORT_CLAIMS, x_future_claim: [1, 2] };
    let body: unknown = { ...agentPrivacy(), lastReport: { sentAt: '2025-01-06T09:41:00.000Z', claims } };
    let path = '';
    await fakeAgent((req, res) => {
      path = `${req.method} ${req.url}`;
      res.end(JSON.stringify(body));
    });
    const client = createAgentClient(socketPath);
    const privacy = await client.fetchPrivacy();
    expect(path).toBe('GET /v1/privacy');
    expect(privacy.lastReport?.claims).toEqual(claims);
    body = { ...agentPrivacy(), activity: [{ at: 'yesterday', kind: 'push', requester: 'x', outcome: 'y' }] };
    await expect(client.fetchPrivacy()).rejects.toMatchObject({ code: 'VIGIL_TRAY_AGENT_BAD_RESPONSE' });
  });

  it('posts a consent decision and keeps the agent refusal for the message', async () => {
    let received = '';
    let refuse = false;
    await fakeAgent((req, res) => {
      req.on('data', (c: Buffer) => (received = c.toString()));
      req.on('end', () =>
        refuse
          ? res.writeHead(409).end('{"code":"VIGIL_CONSENT_NOT_REQUIRED","message":"this device is managed"}')
          : res.end(
              '{"required":true,"state":"accepted","statementVersion":"1","decidedAt":"2025-01-06T10:00:00.000Z"}',
            ),
      );
    });
    const client = createAgentClient(socketPath);
    await expect(client.decideConsent({ decision: 'accept', statementVersion: '1' })).resolves.toMatchObject({
      state: 'accepted',
    });
    expect(JSON.parse(received)).toEqual({ decision: 'accept', statementVersion: '1' });
    refuse = true;
    await expect(client.decideConsent({ decision: 'withdraw', statementVersion: '1' })).rejects.toMatchObject({
      code: 'VIGIL_TRAY_AGENT_REQUEST_FAILED',
      remote: { code: 'VIGIL_CONSENT_NOT_REQUIRED', message: 'this device is managed' },
    });
  });
});
