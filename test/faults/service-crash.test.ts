/**
 * Fault 1: the service is SIGKILLed mid-ingest, three times, while the agent drains a backlog.
 * Each kill lands the moment the service logs an incoming POST /v1/evidence, so the report in
 * flight may or may not have been committed: the agent's retry (same jti) must then be replayed
 * from the service's idempotency record, never stored twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectDeliveredExactlyOnce, linesWith } from '../e2e/support/delivery.js';
import { enrolledSetup, type EnrolledSetup } from '../e2e/support/enrolled.js';
import { agentCache, startAgent, waitFor, type RunningAgent } from '../e2e/support/processes.js';
import { whenRequests } from '../e2e/support/service-log.js';

const KILLS = 3;
let setup: EnrolledSetup;
let agent: RunningAgent | undefined;

beforeAll(async () => {
  setup = await enrolledSetup('vigil-fault-service-crash-', { service: { logLevel: 'info' } });
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  await setup?.cleanup();
});

const pending = () => agentCache(setup.stateDir).reports.filter((r) => r.state === 'pending').length;

describe('service killed mid-ingest', () => {
  it('delivers the whole backlog exactly once, in order, across three SIGKILLs of the service', async () => {
    agent = startAgent(['--state-dir', setup.stateDir, '--only', 'os.version', '--interval-seconds', '1']);
    await waitFor(() => agentCache(setup.stateDir).reports.some((r) => r.state === 'delivered'), 'a first delivery');

    // Build a backlog: the service is down for a while, the agent keeps signing and queuing.
    await setup.service.stop();
    await waitFor(() => pending() >= 2 * KILLS + 1, 'a backlog', 60_000);

    let killed = 0;
    for (let i = 0; i < KILLS; i++) {
      const service = await setup.restartService();
      // The second evidence request of this service life: one went through, this one is in flight.
      await whenRequests(service, '/v1/evidence', 2, 30_000);
      service.process.kill('SIGKILL');
      await new Promise((resolve) => service.process.once('exit', resolve));
      killed++;
    }
    expect(killed).toBe(KILLS);
    expect(pending()).toBeGreaterThan(0); // the kills interrupted the drain, not its end

    await setup.restartService();
    await waitFor(() => pending() === 0, 'the outbox to drain', 30_000);
    expect(await agent.stop()).toBe(0);
    // The clear error while the service was gone, and no crash of the agent.
    expect(linesWith(agent.logs(), 'VIGIL_PUSH_UNREACHABLE').length).toBeGreaterThan(0);
    agent = undefined;

    expectDeliveredExactlyOnce(
      { dataDir: setup.service.dataDir, stateDir: setup.stateDir, deviceId: setup.deviceId },
      2 * KILLS + 2,
    );
  }, 150_000);
});
