/**
 * The service refuses an unchallenged report dated beyond its clock-skew allowance
 * (VIGIL_EVIDENCE_IAT_FUTURE): this device's clock ran ahead when it was signed. Marking it
 * rejected, as other refusals are, would lose it and turn every later report into a sequence gap,
 * so the service would flag the device as forked. It waits instead: signed while the clock ran
 * ahead and the clock is right again (its iat lies in our future), the undelivered tail is signed
 * again with the current time; this clock still ahead, delivery stops with VIGIL_PUSH_CLOCK_SKEW,
 * saying by how much, until the time is corrected.
 */
import type { AgentCache } from '../cache/index.js';
import type { DeviceIdentity } from '../identity/store.js';
import { PushError, type ServiceApi } from '../push/api.js';
import { decodeClaims } from './decode-claims.js';
import { resignTail } from './resign.js';

export async function handleFutureDated(input: {
  api: ServiceApi;
  cache: AgentCache;
  identity: DeviceIdentity;
  report: { seq: number; jws: string };
  refusal: PushError;
  now: () => Date;
}): Promise<{ resigned: number } | { error: PushError }> {
  const { report, refusal, now } = input;
  if (decodeClaims(report.jws).iat * 1000 > now().getTime()) {
    return { resigned: await resignTail({ ...input, fromSeq: report.seq }) };
  }
  const skew = await skewSeconds(input.api, now);
  const by = skew === null ? '' : ` by about ${skew} s`;
  return {
    error: new PushError(
      'VIGIL_PUSH_CLOCK_SKEW',
      `the service refused report #${report.seq} as dated in the future: this device's clock is ahead of the service's${by}; ` +
        'turn on time sync (NTP); the reports stay queued and are signed again once the clock is right',
      {
        ...(refusal.status !== undefined ? { status: refusal.status } : {}),
        serviceCode: 'VIGIL_EVIDENCE_IAT_FUTURE',
        cause: refusal,
      },
    ),
  };
}

/** Seconds this clock is ahead of the service's Date header, or null when it cannot be asked. */
async function skewSeconds(api: ServiceApi, now: () => Date): Promise<number | null> {
  try {
    const { serverDate } = await api.probe();
    return serverDate ? Math.round((now().getTime() - serverDate.getTime()) / 1000) : null;
  } catch {
    return null;
  }
}
