/**
 * Fault 7: the device certificate (30 days, the service default) reaches its end during the run.
 * Agent and service share one fake clock (libfaketime) that the test moves forward by weeks.
 * - Renewal happens before expiry, with reports queued under the old key delivered afterwards.
 * - Renewal missed (the device was off past the expiry): the agent says so with its code, and the
 *   documented re-enrollment (docs/agent.md#re-enrollment: a token bound to the device, then
 *   `vigil enroll --force --device-id ID`) brings it back with every queued report delivered.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectDeliveredExactlyOnce } from '../e2e/support/delivery.js';
import { enrolledSetup, type EnrolledSetup } from '../e2e/support/enrolled.js';
import { DAY, fakeClock, waitForServerClock, type FakeClock } from '../e2e/support/fake-clock.js';
import { startFaultProxy, type FaultProxy } from '../e2e/support/fault-proxy.js';
import { agentCache, createEnrollToken, vigil } from '../e2e/support/processes.js';

let clocks: string;
let world: FakeClock;
let proxy: FaultProxy;
let setup: EnrolledSetup;

beforeAll(async () => {
  clocks = mkdtempSync(join(tmpdir(), 'vigil-fault-cert-clock-'));
  world = fakeClock(clocks, 'world');
  setup = await enrolledSetup('vigil-fault-cert-', {
    service: { env: world.env },
    agentEnv: world.env,
    serverUrl: async (service) => {
      proxy = await startFaultProxy(service.port);
      return proxy.url;
    },
  });
  // Months pass in this file: keep delivered history longer than that, so the final check can
  // compare every report the agent ever signed with the service's.
  writeFileSync(join(setup.stateDir, 'config.json'), JSON.stringify({ retention: { maxAgeDays: 365 } }));
  const first = await run('push', ...common());
  if (first.code !== 0) throw new Error(`first push failed: ${first.stderr}`);
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await setup?.cleanup();
  rmSync(clocks, { recursive: true, force: true });
});

const run = (...args: string[]) => vigil(args, world.env);
const common = () => ['--state-dir', setup.stateDir, '--only', 'os.version'];
const where = () => ({ dataDir: setup.service.dataDir, stateDir: setup.stateDir, deviceId: setup.deviceId });
/** Moves the shared clock and waits until the running service shows it (agents start fresh). */
const travel = async (days: number) => {
  world.set(days * DAY);
  await waitForServerClock(setup.service.port, days * DAY);
};

interface Status {
  certificate: { expiresAt: string } | null;
  problems: { code: string }[];
}
const status = async () => JSON.parse((await run('status', '--json', '--state-dir', setup.stateDir)).stdout) as Status;

/** One report signed while the service cannot be reached: it waits in the outbox. */
async function queueOne() {
  await proxy.setMode('refuse');
  expect((await run('push', ...common())).code).toBe(5);
  await proxy.setMode('pass');
}

describe('device certificate end of life', () => {
  it('is renewed before it expires; reports queued under the old key are delivered', async () => {
    const enrolledUntil = Date.parse((await status()).certificate!.expiresAt);
    await queueOne();
    await travel(21); // past 2/3 of 30 days: renewal is due, the certificate still valid
    const push = await vigil(['push', ...common(), '--json'], { ...world.env, VIGIL_LOG_LEVEL: 'info' });
    expect(push.code, push.stderr).toBe(0);
    expect(push.stderr).toContain('device certificate renewed');
    expect(JSON.parse(push.stdout)).toMatchObject({ ok: true, delivered: 2, pending: 0 });
    const renewedUntil = Date.parse((await status()).certificate!.expiresAt);
    expect(renewedUntil - enrolledUntil).toBeGreaterThan(20 * DAY * 1000);
    expectDeliveredExactlyOnce(where(), 3);
  }, 90_000);

  it('missed renewal: a clear "expired", then the documented re-enrollment delivers the queue', async () => {
    await travel(21 + 31); // the device was off for a month: the renewed certificate has expired
    const refused = await run('push', ...common());
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('device certificate expired; re-enroll with vigil enroll --force');
    expect(refused.stderr).toContain('VIGIL_PUSH_UNAUTHORIZED');
    expect(refused.stderr).toContain('VIGIL_AUTH_CERT_EXPIRED');
    expect((await status()).problems.map((p) => p.code)).toContain('VIGIL_IDENTITY_CERT_EXPIRED');
    expect(agentCache(setup.stateDir).reports.filter((r) => r.state === 'pending')).toHaveLength(1);

    // docs/agent.md#re-enrollment: the administrator binds a token to the device…
    const token = createEnrollToken(setup.service.dataDir, ['--device-id', setup.deviceId], world.env);
    // …and the device enrolls again under the same id, keeping its queue.
    const enroll = await run(
      'enroll',
      '--force',
      '--device-id',
      setup.deviceId,
      '--state-dir',
      setup.stateDir,
      '--server',
      setup.serverUrl,
      '--token',
      token,
      '--ca',
      setup.caFile,
    );
    expect(enroll.code, enroll.stderr).toBe(0);
    expect((await status()).problems.map((p) => p.code)).not.toContain('VIGIL_IDENTITY_CERT_EXPIRED');

    const push = await run('push', ...common(), '--json');
    expect(push.code, push.stderr).toBe(0);
    expect(JSON.parse(push.stdout)).toMatchObject({ ok: true, delivered: 2, pending: 0 });
    expectDeliveredExactlyOnce(where(), 5);
  }, 90_000);
});
