import { describe, expect, it } from 'vitest';
import { PushError, type ServiceApi } from '../push/api.js';
import { DEVICE_ID, testCache, testIdentity, testPosture } from '../test-support/fixtures.js';
import { createReport } from './create-report.js';
import { decodeClaims } from './decode-claims.js';
import { handleFutureDated } from './future-dated.js';

const HOUR_MS = 3_600_000;
const refusal = new PushError('VIGIL_PUSH_REJECTED', 'HTTP 400 VIGIL_EVIDENCE_IAT_FUTURE', {
  status: 400,
  serviceCode: 'VIGIL_EVIDENCE_IAT_FUTURE',
});

/** A report signed while this clock ran an hour ahead, waiting in the outbox. */
async function futureDated() {
  const cache = testCache();
  const identity = testIdentity();
  cache.reports.bindDevice(identity.deviceId);
  const ahead = () => new Date(Date.now() + HOUR_MS);
  await createReport({ cache, identity, posture: testPosture(), maxPendingReports: 10, now: ahead });
  const report = cache.reports.pending(DEVICE_ID)[0]!;
  const api = { probe: async () => ({ status: 200, serverDate: new Date() }) } as unknown as ServiceApi;
  return { cache, identity, report, api };
}

describe('a report the service refuses as dated in the future', () => {
  it('is signed again with the current time once the clock is right, same seq, still pending', async () => {
    const { cache, identity, report, api } = await futureDated();
    const now = () => new Date();
    expect(await handleFutureDated({ api, cache, identity, report, refusal, now })).toEqual({ resigned: 1 });
    const again = cache.reports.pending(DEVICE_ID);
    expect(again.map((r) => r.seq)).toEqual([report.seq]);
    expect(again[0]!.jti).not.toBe(report.jti);
    expect(decodeClaims(again[0]!.jws).iat * 1000).toBeLessThanOrEqual(Date.now());
  });

  it('waits with VIGIL_PUSH_CLOCK_SKEW, saying by how much, while the clock is still ahead', async () => {
    const { cache, identity, report, api } = await futureDated();
    const now = () => new Date(Date.now() + HOUR_MS);
    const handled = await handleFutureDated({ api, cache, identity, report, refusal, now });
    expect(handled).toMatchObject({ error: { code: 'VIGIL_PUSH_CLOCK_SKEW', transient: true } });
    expect('error' in handled && handled.error.message).toMatch(/ahead of the service's by about 3600 s/);
    expect(cache.reports.pending(DEVICE_ID).map((r) => r.jti)).toEqual([report.jti]);
  });
});
