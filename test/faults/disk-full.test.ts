/**
 * Fault 4: a full disk, on the agent (its state dir on a 3 MB tmpfs) and on the service (its
 * data dir on an 8 MB tmpfs), filled to the last byte while the daemon runs. Each side says so
 * clearly and keeps running; nothing signed is dropped; when space is freed everything queued
 * arrives once, without a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectDeliveredExactlyOnce, linesWith } from '../e2e/support/delivery.js';
import { enrolledSetup, type EnrolledSetup } from '../e2e/support/enrolled.js';
import { agentCache, startAgent, vigil, waitFor, type RunningAgent } from '../e2e/support/processes.js';
import { mountSmallDisk, type SmallDisk } from '../e2e/support/small-disk.js';

let setup: EnrolledSetup;
let agentDisk: SmallDisk | undefined;
let serviceDisk: SmallDisk | undefined;
let agent: RunningAgent | undefined;

beforeAll(async () => {
  setup = await enrolledSetup('vigil-fault-disk-', {
    prepareDataDir: (dataDir) => (serviceDisk = mountSmallDisk(dataDir, 8)),
    prepareStateDir: (stateDir) => (agentDisk = mountSmallDisk(stateDir, 3)),
    beforeRemove: () => {
      agentDisk?.unmount();
      serviceDisk?.unmount();
    },
  });
  agent = startAgent(['--state-dir', setup.stateDir, '--only', 'os.version', '--interval-seconds', '1']);
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  await setup?.cleanup();
  agentDisk?.unmount();
  serviceDisk?.unmount();
});

const where = () => ({ dataDir: setup.service.dataDir, stateDir: setup.stateDir, deviceId: setup.deviceId });
const pending = () => agentCache(setup.stateDir).reports.filter((r) => r.state === 'pending').length;
const cyclesFinished = () => linesWith(agent!.logs(), '"msg":"cycle finished"').length;

describe('disk full', () => {
  it('on the agent: one clear error, no crash loop, recovery when space is freed', async () => {
    await waitFor(() => cyclesFinished() >= 1, 'a first cycle', 30_000);
    agentDisk!.fill();
    await waitFor(() => agent!.logs().includes('VIGIL_CACHE_DISK_FULL'), 'the disk-full error', 30_000);
    // `vigil status` shows it too (asked again while a loaded machine makes the daemon slow to answer).
    await waitFor(async () => {
      const status = JSON.parse((await vigil(['status', '--json', '--state-dir', setup.stateDir])).stdout) as {
        problems: { code: string }[];
      };
      return status.problems.some((p) => p.code === 'VIGIL_CACHE_DISK_FULL');
    }, 'vigil status to show the full disk');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(agent!.process.exitCode).toBeNull(); // still running: no crash loop
    expect(agent!.logs()).toContain('free disk space');
    // Logged once per problem, not once per cycle.
    expect(linesWith(agent!.logs(), '"msg":"cache unavailable"').length).toBeLessThanOrEqual(2);

    agentDisk!.free();
    const before = cyclesFinished();
    await waitFor(() => cyclesFinished() > before + 1, 'recovery', 30_000);
    await waitFor(() => pending() === 0, 'the outbox to drain', 30_000);
    expect(agentCache(setup.stateDir).integrity).toEqual(['ok']);
    expectDeliveredExactlyOnce(where(), 2);
  }, 90_000);

  it('on the service: a clear 503, reports stay queued, all arrive once when space is freed', async () => {
    const delivered = () => agentCache(setup.stateDir).reports.filter((r) => r.state === 'delivered').length;
    await waitFor(() => delivered() >= 1, 'a delivered report', 30_000);
    serviceDisk!.fill();
    const errors = () =>
      linesWith(agent!.logs(), '"msg":"cycle finished"')
        .map((line) => JSON.parse(line) as { error?: { code: string; message: string } })
        .filter((cycle) => cycle.error?.message.includes('VIGIL_STORE_DISK_FULL'));
    await waitFor(() => errors().length >= 2, 'the service to refuse for a full disk', 60_000);
    // The agent's view: a server-side, retryable failure; its reports wait in the outbox.
    expect(errors()[0]!.error).toMatchObject({ code: 'VIGIL_PUSH_SERVER_ERROR' });
    expect(errors()[0]!.error!.message).toContain('HTTP 503');
    expect(pending()).toBeGreaterThanOrEqual(2);
    // The service's view: it said why in its log and is still up.
    expect(setup.service.logs()).toContain('VIGIL_STORE_DISK_FULL');
    expect(setup.service.process.exitCode).toBeNull();

    serviceDisk!.free();
    await waitFor(() => pending() === 0, 'the outbox to drain', 30_000);
    expect(await agent!.stop()).toBe(0);
    agent = undefined;
    expectDeliveredExactlyOnce(where(), 4);
  }, 120_000);
});
