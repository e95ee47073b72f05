import { describe, expect, it } from 'vitest';
import { DEVICE_ID, testCache } from '../test-support/fixtures.js';
import { CacheError } from './errors.js';

const report = (n: number) => ({
  jti: `jti-000${n}`,
  jws: `jws-${n}`,
  hash: `hash-${n}`,
  challenged: false,
  collectedAt: new Date(n).toISOString(),
  createdAt: n,
});

describe('report store', () => {
  it('advances the chain with each committed report and keeps them pending in order', () => {
    const cache = testCache();
    cache.reports.bindDevice(DEVICE_ID);
    for (let n = 1; n <= 3; n++) {
      const plan = cache.reports.planNext(DEVICE_ID, 100);
      expect(plan.seq).toBe(n);
      expect(plan.prev).toBe(n === 1 ? undefined : `hash-${n - 1}`);
      cache.reports.commit(plan, report(n));
    }
    expect(cache.reports.chain()).toEqual({ deviceId: DEVICE_ID, lastSeq: 3, lastHash: 'hash-3' });
    expect(cache.reports.pending(DEVICE_ID).map((r) => r.seq)).toEqual([1, 2, 3]);
    cache.reports.markDelivered('jti-0001', 10, '{}');
    expect(cache.reports.pending(DEVICE_ID).map((r) => r.seq)).toEqual([2, 3]);
    expect(cache.reports.counts()).toMatchObject({ pending: 2, delivered: 1 });
  });

  it('refuses a commit signed against a chain that moved (compare-and-swap)', () => {
    const cache = testCache();
    cache.reports.bindDevice(DEVICE_ID);
    const stale = cache.reports.planNext(DEVICE_ID, 100);
    cache.reports.commit(cache.reports.planNext(DEVICE_ID, 100), report(1));
    expect(() => cache.reports.commit(stale, report(2))).toThrow(CacheError);
    expect(cache.reports.chain().lastSeq).toBe(1);
  });

  it('at the outbox cap drops the newest undelivered reports and declares the gap in the next one', () => {
    const cache = testCache();
    cache.reports.bindDevice(DEVICE_ID);
    for (let n = 1; n <= 6; n++) {
      const plan = cache.reports.planNext(DEVICE_ID, 3);
      cache.reports.commit(plan, report(n));
    }
    const pending = cache.reports.pending(DEVICE_ID);
    // Oldest history and the newest posture survive; 3..5 are declared as a gap in report 6.
    expect(pending.map((r) => r.seq)).toEqual([1, 2, 6]);
    expect(pending[2]!.gap).toEqual({ from: 3, to: 5 });
  });

  it('a new device id starts a new chain and abandons what the old identity could not deliver', () => {
    const cache = testCache();
    cache.reports.bindDevice(DEVICE_ID);
    cache.reports.commit(cache.reports.planNext(DEVICE_ID, 100), report(1));
    const other = '11111111-2222-4333-8444-555555555555';
    expect(cache.reports.bindDevice(other)).toEqual({ restarted: true, abandoned: 1 });
    expect(cache.reports.planNext(other, 100).seq).toBe(1);
    expect(cache.reports.counts().abandoned).toBe(1);
  });

  it('replaces an undelivered tail atomically', () => {
    const cache = testCache();
    cache.reports.bindDevice(DEVICE_ID);
    for (let n = 1; n <= 3; n++) cache.reports.commit(cache.reports.planNext(DEVICE_ID, 100), report(n));
    cache.reports.markDelivered('jti-0001', 5, '{}');
    const chain = cache.reports.chain();
    cache.reports.replaceTail(DEVICE_ID, { lastSeq: chain.lastSeq, lastHash: chain.lastHash }, [
      { ...report(20), seq: 2 },
      { ...report(30), seq: 3 },
    ]);
    expect(cache.reports.pending(DEVICE_ID).map((r) => r.jti)).toEqual(['jti-00020', 'jti-00030']);
    expect(cache.reports.chain().lastHash).toBe('hash-30');
  });
});
