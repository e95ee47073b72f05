/**
 * Fault 3: the network between agent and service fails in each way real networks do (a TCP
 * proxy in the path: refused, accepted-and-hung, reset mid-request, a slow drip of bytes), and a
 * machine in the middle answers with another CA's certificate. The daemon keeps running, says
 * what is wrong, keeps every report queued and delivers all of it once the path is healthy.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectDeliveredExactlyOnce } from '../e2e/support/delivery.js';
import { enrolledSetup, type EnrolledSetup } from '../e2e/support/enrolled.js';
import { startFaultProxy, type FaultProxy, type ProxyMode } from '../e2e/support/fault-proxy.js';
import {
  agentCache,
  createEnrollToken,
  serviceReports,
  startAgent,
  startService,
  vigil,
  waitFor,
  type RunningAgent,
} from '../e2e/support/processes.js';

let setup: EnrolledSetup;
let proxy: FaultProxy;
let agent: RunningAgent | undefined;

beforeAll(async () => {
  setup = await enrolledSetup('vigil-fault-network-', {
    serverUrl: async (service) => {
      // Reset inside the agent's second flight: its certificate is through, the request is not.
      proxy = await startFaultProxy(service.port, { resetAfterBytes: 2600, dripMs: 200 });
      return proxy.url;
    },
  });
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  await proxy?.close();
  await setup?.cleanup();
});

const where = () => ({ dataDir: setup.service.dataDir, stateDir: setup.stateDir, deviceId: setup.deviceId });
const pending = () => agentCache(setup.stateDir).reports.filter((r) => r.state === 'pending').length;

/** `cycle finished` log lines of the daemon, parsed. */
function cycles(logs: string): { error?: { code: string; message: string } }[] {
  return logs
    .split('\n')
    .filter((line) => line.includes('"msg":"cycle finished"'))
    .map((line) => JSON.parse(line) as { error?: { code: string; message: string } });
}

const FAULTS: [ProxyMode, RegExp][] = [
  ['refuse', /ECONNREFUSED/],
  ['hang', /ETIMEDOUT|timeout/i],
  ['reset', /ECONNRESET|EPIPE|socket hang up/i],
  ['drip', /ETIMEDOUT|timeout/i],
];

describe('network faults', () => {
  it.each(FAULTS)(
    '%s: a clear error while it lasts, then everything delivered once',
    async (mode, cause) => {
      agent ??= startAgent(['--state-dir', setup.stateDir, '--only', 'os.version', '--interval-seconds', '1'], {
        // Short enough that a hung or dripping connection fails within a cycle or two.
        VIGIL_PUSH_TIMEOUT_MS: '1500',
      });
      const running = agent;
      await waitFor(() => cycles(running.logs()).some((c) => !c.error), 'a healthy cycle', 30_000);

      await proxy.setMode(mode);
      const before = cycles(running.logs()).length;
      const failed = () =>
        cycles(running.logs())
          .slice(before)
          .filter((c) => c.error);
      // Two cycles fail the way this fault fails (a cycle in flight at the switch may have had
      // its connection dropped instead).
      await waitFor(() => failed().filter((c) => cause.test(c.error!.message)).length >= 2, `two ${mode} failures`);
      // The clear error: every failed cycle says "unreachable" and names the network's answer.
      expect(failed().map((c) => c.error!.code)).toEqual(failed().map(() => 'VIGIL_PUSH_UNREACHABLE'));
      if (mode !== 'refuse') expect(proxy.accepted(mode)).toBeGreaterThan(0);
      if (mode === 'reset') expect(proxy.resets()).toBeGreaterThan(0);
      if (mode === 'refuse') {
        const status = JSON.parse((await vigil(['status', '--json', '--state-dir', setup.stateDir])).stdout) as {
          service: { reachable: boolean; lastError?: { code: string } };
        };
        expect(status.service).toMatchObject({ reachable: false, lastError: { code: 'VIGIL_PUSH_UNREACHABLE' } });
      }
      expect(pending()).toBeGreaterThanOrEqual(2);
      expect(running.process.exitCode).toBeNull();

      await proxy.setMode('pass');
      await waitFor(() => pending() === 0, 'the outbox to drain', 30_000);
      expectDeliveredExactlyOnce(where(), 3);
    },
    120_000,
  );

  it('a server certificate from another CA is refused; nothing is sent, the report stays queued', async () => {
    await agent?.stop();
    agent = undefined;
    const common = ['--state-dir', setup.stateDir, '--only', 'os.version'];
    await setup.service.stop();
    const impostorDir = join(setup.dir, 'impostor');
    const impostor = await startService(impostorDir, setup.service.port);
    try {
      const push = await vigil(['push', ...common]);
      expect(push.code).toBe(5);
      expect(push.stderr).toContain('VIGIL_PUSH_TLS');
      expect(pending()).toBe(1);
      // Enrolling against a service whose CA we were not given is refused the same way.
      const enroll = await vigil([
        'enroll',
        '--state-dir',
        join(setup.dir, 'agent2'),
        '--server',
        impostor.url,
        '--token',
        createEnrollToken(impostorDir),
        '--ca',
        setup.caFile,
      ]);
      expect(enroll.code).toBe(5);
      expect(enroll.stderr).toContain('VIGIL_PUSH_TLS');
      expect(serviceReports(impostorDir, setup.deviceId)).toEqual([]);
    } finally {
      await impostor.stop();
      await setup.restartService();
    }
    const push = await vigil(['push', ...common]);
    expect(push.code, push.stderr).toBe(0);
    expectDeliveredExactlyOnce(where(), 3);
  }, 120_000);
});
