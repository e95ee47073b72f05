import { describe, expect, it } from 'vitest';
import { fakeService } from '../test-support/fake-service.js';
import { DEVICE_ID, silentLogger, testCache, testIdentity, testPosture } from '../test-support/fixtures.js';
import { runCycle, type CycleDeps } from './run-cycle.js';

const settings = { maxPendingReports: 100, retention: { maxAgeDays: 30, maxHistoryBytes: 50_000_000 }, leaseWaitMs: 0 };

function setup() {
  const cache = testCache();
  const identity = testIdentity();
  const service = fakeService(DEVICE_ID, identity.certificate.thumbprint);
  const deps: CycleDeps = {
    cache,
    identity,
    log: silentLogger(),
    collect: async () => testPosture(),
    connect: async () => service.api,
    now: () => new Date(),
    pid: process.pid,
  };
  return { cache, identity, service, deps };
}

describe('runCycle', () => {
  it('online: signs with a fresh nonce, delivers, keeps the result', async () => {
    const { cache, service, deps } = setup();
    const outcome = await runCycle(deps, settings);
    expect(outcome).toMatchObject({
      report: { seq: 1, challenged: true },
      delivered: 1,
      pending: 0,
      status: 'compliant',
      nextReportSeconds: 600,
    });
    expect(service.accepted).toEqual([{ seq: 1, jti: outcome.report.jti, challenged: true }]);
    expect(cache.results.latest()).toMatchObject({ reportSeq: 1, deviceId: DEVICE_ID });
  });

  it('offline: queues unchallenged reports; back online: backlog first, in order, then a challenged one', async () => {
    const { cache, service, deps } = setup();
    service.online = false;
    for (let i = 0; i < 3; i++) {
      const outcome = await runCycle(deps, settings);
      expect(outcome.report.challenged).toBe(false);
      expect(outcome.error?.code).toBe('VIGIL_PUSH_UNREACHABLE');
    }
    expect(cache.reports.counts().pending).toBe(3);
    service.online = true;
    const outcome = await runCycle(deps, settings);
    expect(outcome).toMatchObject({ delivered: 4, pending: 0, report: { seq: 4, challenged: true } });
    expect(service.accepted.map((r) => [r.seq, r.challenged])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, true],
    ]);
  });

  it('re-signs an undelivered tail whose nonce expired instead of breaking the chain', async () => {
    const { service, deps } = setup();
    service.expireNonces = true;
    const first = await runCycle(deps, settings);
    // The challenged report was refused for its nonce, re-signed unchallenged and delivered.
    expect(first.delivered).toBe(1);
    expect(service.accepted).toHaveLength(1);
    expect(service.accepted[0]).toMatchObject({ seq: 1, challenged: false });
    service.expireNonces = false;
    await runCycle(deps, settings);
    expect(service.accepted.map((r) => r.seq)).toEqual([1, 2]);
  });

  it('declares a gap when the outbox cap drops reports, and the service accepts it', async () => {
    const { service, deps } = setup();
    service.online = false;
    for (let i = 0; i < 5; i++) await runCycle(deps, { ...settings, maxPendingReports: 3 });
    service.online = true;
    await runCycle(deps, { ...settings, maxPendingReports: 3 });
    expect(service.accepted.map((r) => r.seq)).toEqual([1, 2, 5, 6]);
  });

  it('rate-limited challenges: the report still goes out unchallenged, and Retry-After is honoured across cycles', async () => {
    const { service, deps } = setup();
    service.rateLimitSeconds = 30;
    const first = await runCycle(deps, settings);
    expect(first).toMatchObject({
      delivered: 1,
      pending: 0,
      report: { challenged: false },
      error: { code: 'VIGIL_PUSH_RATE_LIMITED' },
    });
    await runCycle(deps, settings);
    expect(service.challenges).toBe(1);
    expect(service.accepted.map((r) => r.seq)).toEqual([1, 2]);
  });
});
