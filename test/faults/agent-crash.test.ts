/**
 * Fault 2: the agent is SIGKILLed (a) in the middle of writing its cache, and (b) while a
 * report is on the wire and the service has already stored it but the answer has not come back.
 * (a) must leave the SQLite file intact and the chain consistent; (b) must end in an idempotent
 * replay of the same jti, not a second copy and not a fork.
 */
import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectDeliveredExactlyOnce } from '../e2e/support/delivery.js';
import { enrolledSetup, type EnrolledSetup } from '../e2e/support/enrolled.js';
import { startFaultProxy, type FaultProxy } from '../e2e/support/fault-proxy.js';
import { agentCache, FAST_ENV, serviceReports, vigil, VIGIL_BIN, waitFor } from '../e2e/support/processes.js';

let setup: EnrolledSetup;
let proxy: FaultProxy;

beforeAll(async () => {
  setup = await enrolledSetup('vigil-fault-agent-crash-', {
    serverUrl: async (service) => {
      proxy = await startFaultProxy(service.port);
      return proxy.url;
    },
  });
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await setup?.cleanup();
});

const common = () => ['--state-dir', setup.stateDir, '--only', 'os.version'];
const where = () => ({ dataDir: setup.service.dataDir, stateDir: setup.stateDir, deviceId: setup.deviceId });

/**
 * Runs `vigil push` and, with `delayMs`, SIGKILLs it that long after the first change of the
 * cache's write-ahead log. Resolves with whether the kill landed before the push finished and how
 * long the push wrote (first WAL change → exit). A push writes its activity entry, the report and
 * its chain advance, then delivery state: delays spread over a calibrated write window land
 * inside each of those transactions or just after their commits. (Counting WAL events proved
 * unreliable: the kernel coalesces them on a loaded machine.)
 */
function pushKilledOnWrite(delayMs: number | null): Promise<{ killed: boolean; writingMs: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [VIGIL_BIN, 'push', ...common()], {
      env: { ...process.env, ...FAST_ENV },
      stdio: 'ignore',
    });
    let firstWrite: number | null = null;
    const watcher = watch(setup.stateDir, (_event, name) => {
      if (name !== 'cache.db-wal' || firstWrite !== null) return;
      firstWrite = performance.now();
      if (delayMs !== null) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.once('exit', (_code, signal) => {
      watcher.close();
      resolve({ killed: signal === 'SIGKILL', writingMs: firstWrite === null ? 0 : performance.now() - firstWrite });
    });
  });
}

describe('agent killed', () => {
  it('mid-write: the cache stays intact and every signed report is delivered once', async () => {
    const { writingMs } = await pushKilledOnWrite(null);
    let kills = 0;
    for (const share of [0, 0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95]) {
      if ((await pushKilledOnWrite(Math.round(share * writingMs))).killed) kills++;
      expect(agentCache(setup.stateDir).integrity).toEqual(['ok']);
    }
    expect(kills).toBeGreaterThanOrEqual(4);
    const final = await vigil(['push', ...common()]);
    expect(final.code, final.stderr).toBe(0);
    expectDeliveredExactlyOnce(where(), 2);
  }, 120_000);

  it('mid-push: a report the service stored before the kill is replayed, not duplicated', async () => {
    // One report waits in the outbox (the service is unreachable for a moment)…
    await proxy.setMode('refuse');
    const offline = await vigil(['push', ...common()]);
    expect(offline.code).toBe(5);
    const queued = agentCache(setup.stateDir).reports.filter((r) => r.state === 'pending');
    expect(queued).toHaveLength(1);
    // …then goes out first on the next push; the service stores it, its answer is held back.
    await proxy.setMode('hold');
    const child = spawn(process.execPath, [VIGIL_BIN, 'push', ...common()], {
      env: { ...process.env, ...FAST_ENV, VIGIL_PUSH_TIMEOUT_MS: '30000' },
      stdio: 'ignore',
    });
    await waitFor(
      () => serviceReports(setup.service.dataDir, setup.deviceId).some((r) => r.jti === queued[0]!.jti),
      'the service to store the report in flight',
    );
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    // The agent never heard back: for it the report is still pending.
    expect(agentCache(setup.stateDir).reports.find((r) => r.jti === queued[0]!.jti)?.state).toBe('pending');

    await proxy.setMode('pass');
    const retry = await vigil(['push', ...common(), '--json']);
    expect(retry.code, retry.stderr).toBe(0);
    expect(JSON.parse(retry.stdout)).toMatchObject({ ok: true, delivered: 2 });
    expectDeliveredExactlyOnce(where(), 2);
  }, 90_000);
});
