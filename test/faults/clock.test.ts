/**
 * Fault 5: wall clocks jump, on the agent and on the service (libfaketime, see
 * test/e2e/support/fake-clock.ts). Evidence dated too far ahead or answering a nonce that aged
 * on the way is refused with its code; the agent says its clock is off; once the clocks agree
 * again, delivery resumes with every report once, in order, and no fork.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectDeliveredExactlyOnce, linesWith } from '../e2e/support/delivery.js';
import { enrolledSetup, type EnrolledSetup } from '../e2e/support/enrolled.js';
import { DAY, fakeClock, HOUR, waitForServerClock, type FakeClock } from '../e2e/support/fake-clock.js';
import { startFaultProxy, type FaultProxy } from '../e2e/support/fault-proxy.js';
import { agentCache, startAgent, vigil, waitFor } from '../e2e/support/processes.js';
import { requestCount, whenRequests } from '../e2e/support/service-log.js';

let clocks: string;
let agentClock: FakeClock;
let serviceClock: FakeClock;
let proxy: FaultProxy;
let setup: EnrolledSetup;

beforeAll(async () => {
  clocks = mkdtempSync(join(tmpdir(), 'vigil-fault-clocks-'));
  agentClock = fakeClock(clocks, 'agent');
  serviceClock = fakeClock(clocks, 'service');
  // The service makes its CA and TLS certificate two days "ago": an agent whose clock is behind
  // must still accept them, as it would a real service's certificates (issued long before).
  serviceClock.set(-2 * DAY);
  setup = await enrolledSetup('vigil-fault-clock-', {
    service: { env: serviceClock.env, logLevel: 'info' },
    agentEnv: agentClock.env,
    serverUrl: async (service) => {
      serviceClock.set(0);
      proxy = await startFaultProxy(service.port);
      await waitForServerClock(service.port, 0);
      return proxy.url;
    },
  });
  const first = await push();
  if (first.code !== 0) throw new Error(`first push failed: ${first.stderr}`);
}, 60_000);

afterEach(() => {
  agentClock.set(0);
  serviceClock.set(0);
});

afterAll(async () => {
  await proxy?.close();
  await setup?.cleanup();
  rmSync(clocks, { recursive: true, force: true });
});

const common = () => ['--state-dir', setup.stateDir, '--only', 'os.version'];
const push = (...extra: string[]) => vigil(['push', ...common(), ...extra], agentClock.env);
const where = () => ({ dataDir: setup.service.dataDir, stateDir: setup.stateDir, deviceId: setup.deviceId });
const pending = () => agentCache(setup.stateDir).reports.filter((r) => r.state === 'pending').length;
/** Until the running service's clock shows the offset last set (the agent is a new process each run). */
const settle = () => waitForServerClock(setup.service.port, serviceClock.offset());

describe('clock jumps', () => {
  it('service clock jumps ahead while the nonce is on its way: refused as expired, re-signed, delivered', async () => {
    // The challenge's answer is held on the wire while the service's clock moves 10 minutes on.
    await proxy.setMode('hold');
    const challenges = requestCount(setup.service, '/v1/challenges');
    const running = push('--json');
    await whenRequests(setup.service, '/v1/challenges', challenges + 1);
    serviceClock.set(600);
    await settle();
    await proxy.setMode('pass');
    const result = await running;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('VIGIL_EVIDENCE_NONCE_EXPIRED');
    expect(result.stderr).toContain('report refused for its nonce or old key; undelivered reports re-signed');
    serviceClock.set(0);
    await settle();
    expectDeliveredExactlyOnce(where(), 2);
  }, 90_000);

  it('service clock jumps back two days: the device certificate is not yet valid; reports wait', async () => {
    serviceClock.set(-2 * DAY);
    await settle();
    const refused = await push();
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('VIGIL_PUSH_UNAUTHORIZED');
    expect(refused.stderr).toContain('VIGIL_AUTH_CERT_NOT_YET_VALID');
    expect(pending()).toBe(1);
    serviceClock.set(0);
    await settle();
    const back = await push();
    expect(back.code, back.stderr).toBe(0);
    expectDeliveredExactlyOnce(where(), 4);
  }, 90_000);

  it('agent clock jumps an hour ahead while offline: future-dated reports are held, not lost', async () => {
    agentClock.set(HOUR);
    await proxy.setMode('refuse');
    for (let i = 0; i < 2; i++) expect((await push()).code).toBe(5);
    await proxy.setMode('pass');

    // Online with the clock still wrong: the service refuses them as dated in the future; the
    // agent says its clock is ahead and keeps every report (a dropped one would fork the chain).
    const ahead = await push();
    expect(ahead.code).toBe(5);
    expect(ahead.stderr).toContain('VIGIL_PUSH_CLOCK_SKEW');
    expect(ahead.stderr).toMatch(/clock is ahead of the service's by about 3[56]\d\d s/);
    expect(agentCache(setup.stateDir).reports.filter((r) => r.state === 'rejected')).toEqual([]);
    const statusRun = await vigil(['status', '--json', '--state-dir', setup.stateDir], agentClock.env);
    const status = JSON.parse(statusRun.stdout) as {
      service: { lastError?: { code: string } };
    };
    expect(status.service.lastError?.code).toBe('VIGIL_PUSH_CLOCK_SKEW');
    const doctor = JSON.parse((await vigil(['doctor', '--json', ...common()], agentClock.env)).stdout) as {
      findings: { id: string; level: string; message: string }[];
    };
    expect(doctor.findings.find((f) => f.id === 'clock')).toMatchObject({ level: 'warn' });
    expect(doctor.findings.find((f) => f.id === 'clock')?.message).toMatch(/ahead of the service by 3[56]\d\d s/);

    agentClock.set(0);
    const fixed = await push('--json');
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(JSON.parse(fixed.stdout)).toMatchObject({ ok: true, pending: 0 });
    expectDeliveredExactlyOnce(where(), 8);
  }, 120_000);

  it('agent clock jumps an hour back while the daemon runs: it keeps its schedule', async () => {
    const agent = startAgent([...common(), '--interval-seconds', '1'], agentClock.env);
    const cycles = () => linesWith(agent.logs(), '"msg":"cycle finished"').length;
    try {
      await waitFor(() => cycles() >= 2, 'two cycles', 30_000);
      agentClock.set(-HOUR);
      await waitFor(() => agent.logs().includes('wall clock jumped'), 'the daemon to notice the jump', 30_000);
      // Cron-style schedules wait for a wall-clock time: an hour back must not mean an hour idle.
      // The first cycle counted may have started before the jump; the two after it cannot have.
      const before = cycles();
      await waitFor(() => cycles() >= before + 3, 'three cycles after the jump', 30_000);
    } finally {
      expect(await agent.stop()).toBe(0);
    }
    // The service took them, noting the agent's clock an hour behind its own.
    const db = new Database(join(setup.service.dataDir, 'vigil-service.sqlite'), { readonly: true });
    const skews = db
      .prepare('SELECT skew_seconds AS skew FROM reports WHERE device_id = ? ORDER BY id DESC LIMIT 2')
      .all(setup.deviceId) as { skew: number }[];
    db.close();
    expect(skews.every((r) => r.skew < -3500)).toBe(true);
    agentClock.set(0);
    expectDeliveredExactlyOnce(where(), 10);
  }, 120_000);
});
