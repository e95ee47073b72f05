/**
 * The tray's own client (tray-ui/src/main/agent-client.ts) against the real agent status API
 * server (agent/src/status-api) on a temporary Unix socket: the two sides of the contract, which
 * may not import each other, checked together.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStatusServer, type StatusServer } from '../agent/src/status-api/index.js';
import { DEFAULT_STATUS_SOCKET_PATHS as AGENT_DEFAULTS } from '../agent/src/status-api/socket-path.js';
import { createAgentClient } from '../tray-ui/src/main/agent-client.js';
import { buildHealthView } from '../tray-ui/src/main/health-view.js';
import { createLinkPolicy } from '../tray-ui/src/main/link-policy.js';
import { DEFAULT_STATUS_SOCKET_PATHS as TRAY_DEFAULTS } from '../tray-ui/src/main/tray-config.js';
import { CHECKS, NOW, status, TIME_ZONE } from '../tray-ui/src/test-support/statuses.js';

let dir: string;
let socketPath: string;
let server: StatusServer | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-e2e-tray-'));
  socketPath = join(dir, 'run', 'status.sock');
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe('tray client ↔ agent status API', () => {
  it('reads the status the agent serves and renders it', async () => {
    const served = status({
      status: 'noncompliant',
      enforcement: { mode: 'block', action: 'block' },
      checks: [CHECKS.versionPass, CHECKS.diskFail],
    });
    server = createStatusServer({ socketPath, getStatus: () => served, requestCheck: () => {} });
    await server.start();
    const received = await createAgentClient(socketPath).fetchStatus();
    expect(received).toEqual(served);
    const view = buildHealthView(
      { kind: 'status', status: received },
      { now: NOW, timeZone: TIME_ZONE, platform: 'linux', links: createLinkPolicy({ helpHosts: [] }) },
    );
    expect(view).toMatchObject({ state: 'noncompliant', issueCount: 1 });
  });

  it('asks for a check, then is told to wait', async () => {
    const requesters: unknown[] = [];
    server = createStatusServer({
      socketPath,
      getStatus: () => status(),
      requestCheck: (r) => void requesters.push(r),
    });
    await server.start();
    const client = createAgentClient(socketPath, { pid: 777 });
    await expect(client.requestCheckNow()).resolves.toMatchObject({ accepted: true });
    await expect(client.requestCheckNow()).resolves.toMatchObject({ accepted: false, retryAfterSeconds: 60 });
    expect(requesters).toEqual([{ pid: 777 }]);
  });

  it('sees the agent go away', async () => {
    server = createStatusServer({ socketPath, getStatus: () => status(), requestCheck: () => {} });
    await server.start();
    const client = createAgentClient(socketPath, { timeoutMs: 500 });
    await expect(client.fetchStatus()).resolves.toBeDefined();
    await server.stop();
    server = undefined;
    await expect(client.fetchStatus()).rejects.toMatchObject({ code: 'VIGIL_TRAY_AGENT_UNREACHABLE' });
  });

  it('agree on the default socket paths', () => {
    expect(TRAY_DEFAULTS).toEqual(AGENT_DEFAULTS);
  });
});
