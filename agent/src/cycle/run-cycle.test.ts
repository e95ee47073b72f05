import { describe, expect, it } from 'vitest';
import { fakeService } from '../test-support/fake-service.js';
import { DEVICE_ID, silentLogger, testCache, testIdentity, testPosture } from '../test-support/fixtures.js';
import { runCycle, type CycleDeps } from './run-cycle.js';
import { readServiceState } from './service-state.js';

const settings = {
  maxPendingReports: 100,
  retention: { maxAgeDays: 30, maxHistoryBytes: 50_000_000 },
  leaseWaitMs: 0,
  retryAfterMaxSeconds: 300,
};

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

  it('rate-limited challenges: a long Retry-After is capped by push.retryAfterMaxSeconds', async () => {
    const { service, deps } = setup();
    const clock = frozenClock(deps);
    service.rateLimitSeconds = 3600;
    await runCycle(deps, { ...settings, retryAfterMaxSeconds: 30 });
    service.rateLimitSeconds = 0;
    clock.advance(29_000);
    await runCycle(deps, { ...settings, retryAfterMaxSeconds: 30 });
    expect(service.challenges).toBe(1);
    clock.advance(1_000);
    const third = await runCycle(deps, { ...settings, retryAfterMaxSeconds: 30 });
    expect(service.challenges).toBe(2);
    expect(third).toMatchObject({ report: { seq: 3, challenged: true } });
  });
});

/** Pins the cycle's wall clock, so a test can stand just before or at the end of a pause. */
function frozenClock(deps: CycleDeps) {
  let at = Date.now();
  deps.now = () => new Date(at);
  return { at: () => at, advance: (ms: number) => void (at += ms) };
}

describe('runCycle: 503 with Retry-After (overloaded service)', () => {
  it('on the challenge: the report waits in the outbox; no cycle contacts the service before that time', async () => {
    const { cache, service, deps } = setup();
    const clock = frozenClock(deps);
    service.overloaded = { retryAfterSeconds: 20, on: 'challenge' };
    const until = new Date(clock.at() + 20_000).toISOString();

    const first = await runCycle(deps, settings);
    expect(first).toMatchObject({
      delivered: 0,
      pending: 1,
      report: { seq: 1, challenged: false },
      error: { code: 'VIGIL_PUSH_SERVER_ERROR' },
    });
    expect(first.error!.message).toContain('VIGIL_SERVICE_OVERLOADED');
    expect(first.error!.message).toContain(`not contacting the service until ${until} (Retry-After)`);
    // `vigil status` and the status API show the service state's last error.
    expect(readServiceState(cache)).toMatchObject({ reachable: true, lastError: first.error });

    // The service recovered at once, but asked for 20 s: a cycle 1 s early sends nothing at all.
    service.overloaded = undefined;
    clock.advance(19_000);
    const second = await runCycle(deps, settings);
    expect([service.challenges, service.evidencePosts]).toEqual([1, 0]);
    expect(second).toMatchObject({ delivered: 0, pending: 2, report: { seq: 2, challenged: false } });
    expect(second.error).toEqual({
      code: 'VIGIL_PUSH_SERVER_ERROR',
      message: `waiting as the service asked (HTTP 503 VIGIL_SERVICE_OVERLOADED): not contacting the service until ${until} (Retry-After); reports wait in the outbox`,
    });
    expect(readServiceState(cache)?.lastError).toEqual(second.error);

    clock.advance(1_000);
    const third = await runCycle(deps, settings);
    expect(third).toMatchObject({ delivered: 3, pending: 0, report: { seq: 3, challenged: true } });
    expect(third.error).toBeUndefined();
    expect(service.accepted.map((r) => [r.seq, r.challenged])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(readServiceState(cache)?.lastError).toBeUndefined();
  });

  it('on evidence, once the client has spent its retries: remembered the same way', async () => {
    const { service, deps } = setup();
    const clock = frozenClock(deps);
    service.overloaded = { retryAfterSeconds: 10, on: 'evidence' };
    const first = await runCycle(deps, settings);
    expect(first).toMatchObject({ delivered: 0, pending: 1, report: { challenged: true } });
    expect(first.error!.message).toContain(
      `not contacting the service until ${new Date(clock.at() + 10_000).toISOString()}`,
    );

    service.overloaded = undefined;
    clock.advance(9_000);
    await runCycle(deps, settings);
    expect([service.challenges, service.evidencePosts]).toEqual([1, 1]);

    clock.advance(1_000);
    const third = await runCycle(deps, settings);
    expect(third).toMatchObject({ delivered: 3, pending: 0 });
    expect(service.accepted.map((r) => r.seq)).toEqual([1, 2, 3]);
  });

  it('caps a long Retry-After at push.retryAfterMaxSeconds', async () => {
    const { service, deps } = setup();
    const clock = frozenClock(deps);
    const capped = { ...settings, retryAfterMaxSeconds: 30 };
    service.overloaded = { retryAfterSeconds: 3600, on: 'both' };
    const first = await runCycle(deps, capped);
    expect(first.error!.message).toContain(`until ${new Date(clock.at() + 30_000).toISOString()}`);
    service.overloaded = undefined;
    clock.advance(29_000);
    await runCycle(deps, capped);
    expect(service.challenges).toBe(1);
    clock.advance(1_000);
    expect(await runCycle(deps, capped)).toMatchObject({ delivered: 3, pending: 0 });
  });

  it('without Retry-After: no pause, the next cycle tries again (the client backoff applies)', async () => {
    const { service, deps } = setup();
    frozenClock(deps);
    service.overloaded = { retryAfterSeconds: null, on: 'challenge' };
    const first = await runCycle(deps, settings);
    expect(first).toMatchObject({ pending: 1, error: { code: 'VIGIL_PUSH_SERVER_ERROR' } });
    expect(first.error!.message).not.toContain('until');
    service.overloaded = undefined;
    const second = await runCycle(deps, settings);
    expect(service.challenges).toBe(2);
    expect(second).toMatchObject({ delivered: 2, pending: 0, report: { challenged: true } });
  });

  it('a wait longer than the cap allows means the clock was set back: it is dropped, not stretched', async () => {
    const { service, deps } = setup();
    const clock = frozenClock(deps);
    service.overloaded = { retryAfterSeconds: 20, on: 'challenge' };
    await runCycle(deps, settings);
    service.overloaded = undefined;
    clock.advance(-3_600_000);
    expect(await runCycle(deps, settings)).toMatchObject({ delivered: 2, pending: 0 });
    expect(service.challenges).toBe(2);
  });
});
