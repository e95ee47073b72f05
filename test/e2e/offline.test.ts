/**
 * Offline: the service stops; the daemon keeps collecting and queuing; the service comes back;
 * every report is delivered exactly once and in order, asserted on the service's own database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolledSetup, type EnrolledSetup } from './support/enrolled.js';
import { agentCache, serviceReports, startAgent, waitFor, type RunningAgent } from './support/processes.js';

let setup: EnrolledSetup;
let agent: RunningAgent | undefined;

beforeAll(async () => {
  setup = await enrolledSetup('vigil-e2e-offline-');
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  await setup?.cleanup();
});

const cycles = (logs: string) => logs.split('\n').filter((l) => l.includes('"msg":"cycle finished"'));

describe('offline laptop', () => {
  it('queues while the service is down and delivers everything once, in order, when it is back', async () => {
    agent = startAgent(['--state-dir', setup.stateDir, '--only', 'os.version', '--interval-seconds', '1']);
    await waitFor(
      () => serviceReports(setup.service.dataDir, setup.deviceId).length >= 2,
      'two reports online',
      30_000,
    );

    await setup.service.stop();
    const before = cycles(agent.logs()).length;
    // Keep collecting while offline: at least three more cycles, all queued.
    await waitFor(() => cycles(agent!.logs()).length >= before + 3, 'three offline cycles', 30_000);
    expect(agent.logs()).toContain('VIGIL_PUSH_UNREACHABLE');
    const queued = agentCache(setup.stateDir).reports.filter((r) => r.state === 'pending');
    expect(queued.length).toBeGreaterThanOrEqual(3);
    expect(queued.every((r) => r.challenged === 0)).toBe(true);

    await setup.restartService();
    await waitFor(
      () => agentCache(setup.stateDir).reports.every((r) => r.state === 'delivered'),
      'the outbox to drain',
      30_000,
    );
    expect(await agent.stop()).toBe(0);
    agent = undefined;

    const cache = agentCache(setup.stateDir);
    const accepted = serviceReports(setup.service.dataDir, setup.deviceId);
    // Exactly once: one row per jti; in order: arrival order is seq order, without holes.
    expect(new Set(accepted.map((r) => r.jti)).size).toBe(accepted.length);
    expect(accepted.map((r) => r.seq)).toEqual(accepted.map((_, i) => i + 1));
    expect(accepted.map((r) => r.jti)).toEqual(cache.reports.map((r) => r.jti));
    expect(cache.chain.lastSeq).toBe(accepted.length);
    // The backlog went first, unchallenged; the first report after reconnecting is challenged.
    const firstQueued = accepted.findIndex((r) => r.jti === queued[0]!.jti);
    expect(accepted.slice(firstQueued, firstQueued + queued.length).every((r) => r.challenged === 0)).toBe(true);
    expect(accepted.at(-1)!.challenged).toBe(1);
  }, 90_000);
});
