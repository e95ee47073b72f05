import { describe, expect, it } from 'vitest';
import { DEVICE_ID, testCache } from '../test-support/fixtures.js';

describe('retention', () => {
  it('deletes delivered history by age and size, oldest first, and never pending reports', () => {
    const cache = testCache();
    cache.reports.bindDevice(DEVICE_ID);
    const day = 86_400_000;
    for (let n = 1; n <= 6; n++) {
      const plan = cache.reports.planNext(DEVICE_ID, 100);
      cache.reports.commit(plan, {
        jti: `jti-000${n}`,
        jws: 'x'.repeat(100_000),
        hash: `h${n}`,
        challenged: false,
        collectedAt: '',
        createdAt: n * day,
      });
      if (n <= 4) cache.reports.markDelivered(`jti-000${n}`, n * day, '{}');
    }
    // Report 1 is older than 3 days at day 5; size limit keeps ~3 reports' worth.
    const { deleted } = cache.applyRetention({ maxAgeDays: 3, maxHistoryBytes: 350_000 }, 5 * day);
    expect(deleted).toBe(3);
    expect(cache.reports.counts()).toEqual({ pending: 2, delivered: 1, rejected: 0, abandoned: 0 });
    expect(cache.reports.byJti('jti-0004')?.state).toBe('delivered');
  });
});
