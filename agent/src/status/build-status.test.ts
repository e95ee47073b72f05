import { AgentStatusSchema } from '@vigil/shared';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/index.js';
import { runCycle } from '../cycle/run-cycle.js';
import { fakeService } from '../test-support/fake-service.js';
import { DEVICE_ID, silentLogger, tempDir, testCache, testIdentity, testPosture } from '../test-support/fixtures.js';
import { buildStatus } from './build-status.js';

async function fixture() {
  const config = await resolveConfig({ env: {}, flags: { stateDir: tempDir() }, managedSources: [] });
  const cache = testCache();
  const identity = testIdentity();
  const service = fakeService(DEVICE_ID, identity.certificate.thumbprint);
  const cycle = () =>
    runCycle(
      {
        cache,
        identity,
        log: silentLogger(),
        collect: async () => testPosture(),
        connect: async () => service.api,
        now: () => new Date(),
        pid: process.pid,
      },
      {
        maxPendingReports: 10,
        retention: { maxAgeDays: 30, maxHistoryBytes: 1e8 },
        leaseWaitMs: 0,
        retryAfterMaxSeconds: 300,
      },
    );
  const status = (now: Date) =>
    buildStatus({ config, startedAt: new Date().toISOString(), now, identity, cache, nextCollectionAt: null });
  return { config, cache, service, cycle, status };
}

describe('buildStatus', () => {
  it('comes from the signed result while it is valid and is unknown once it expires', async () => {
    const { cycle, status } = await fixture();
    await cycle();
    const fresh = await status(new Date());
    expect(AgentStatusSchema.parse(fresh)).toBeTruthy();
    expect(fresh).toMatchObject({
      status: 'compliant',
      source: 'service',
      result: { expired: false },
      service: { reachable: true },
    });
    const later = await status(new Date(Date.now() + 3_600_000));
    expect(later).toMatchObject({ status: 'unknown', source: 'none', result: { expired: true } });
    expect(later.enforcement).toBeUndefined();
  });

  it('never shows green from the agent alone: offline reports give a local reading and unknown', async () => {
    const { service, cycle, status } = await fixture();
    service.online = false;
    await cycle();
    const offline = await status(new Date());
    expect(AgentStatusSchema.parse(offline)).toBeTruthy();
    expect(offline).toMatchObject({
      status: 'unknown',
      source: 'local',
      result: null,
      service: { reachable: false, lastError: { code: 'VIGIL_PUSH_UNREACHABLE' } },
    });
    expect(offline.checks.find((c) => c.check === 'os.version')?.evidence[0]?.source).toBe('/etc/os-release');
  });

  it('without enrollment or cache: unknown, with the problem stated', async () => {
    const { config } = await fixture();
    const status = await buildStatus({
      config,
      startedAt: new Date().toISOString(),
      now: new Date(),
      identity: null,
      cache: null,
      nextCollectionAt: null,
    });
    expect(AgentStatusSchema.parse(status)).toMatchObject({
      status: 'unknown',
      source: 'none',
      device: { enrolled: false },
    });
    expect(status.problems.map((p) => p.code)).toContain('VIGIL_IDENTITY_NOT_ENROLLED');
  });
});
