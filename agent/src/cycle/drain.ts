/**
 * Delivers the outbox in sequence order, one report at a time: the service accepts seq N+1 only
 * after N. Stops at the first transient failure (the rest waits for the next cycle). A report the
 * service refuses for good is kept in history with the reason and delivery goes on, because the
 * service may have reset the device's chain (admin resync) and the next challenged report is what
 * restores it.
 */
import type { AgentCache } from '../cache/index.js';
import type { DeviceIdentity } from '../identity/store.js';
import type { Logger } from '../logging/logger.js';
import { PushError, type EvidenceResponse, type ServiceApi } from '../push/api.js';
import { learnPolicyScope } from './policy-scope.js';
import { handleFutureDated } from './future-dated.js';
import { recordResult } from './record-result.js';
import { resignTail } from './resign.js';

export interface DrainOutcome {
  delivered: number;
  rejected: number;
  resigned: number;
  /** The answer to the last delivered report. */
  last?: { seq: number; response: EvidenceResponse; serverDate: Date | null };
  error?: PushError;
}

/**
 * Refusals that leave the service's chain untouched and can be cured by signing the same
 * posture again: the nonce expired or is unknown (offline between challenge and delivery), or
 * the report was signed with the key before a renewal or re-enrollment (kid/signature).
 */
function curableByResigning(
  serviceCode: string | undefined,
  report: { challenged: boolean; jws: string },
  currentKid: string,
): boolean {
  if (/^VIGIL_EVIDENCE_NONCE_/.test(serviceCode ?? '')) return report.challenged;
  if (serviceCode === 'VIGIL_EVIDENCE_KID' || serviceCode === 'VIGIL_EVIDENCE_SIGNATURE')
    return kidOf(report.jws) !== currentKid;
  return false;
}

function kidOf(jws: string): string | undefined {
  try {
    return (JSON.parse(Buffer.from(jws.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: string }).kid;
  } catch {
    return undefined;
  }
}

export async function drainOutbox(input: {
  api: ServiceApi;
  cache: AgentCache;
  identity: DeviceIdentity;
  log: Logger;
  now: () => Date;
}): Promise<DrainOutcome> {
  const { api, cache, identity, log, now } = input;
  const outcome: DrainOutcome = { delivered: 0, rejected: 0, resigned: 0 };
  for (let rounds = 0; rounds < 10_000; rounds++) {
    const next = cache.reports.pending(identity.deviceId, 1)[0];
    if (!next) return outcome;
    try {
      const answer = await api.submitEvidence(next.jws, next.jti);
      const at = now().getTime();
      cache.reports.markDelivered(
        next.jti,
        at,
        JSON.stringify({ verdict: answer.body.verdict, nextReportSeconds: answer.body.nextReportSeconds }),
      );
      recordResult({ cache, identity, reportSeq: next.seq, response: answer.body, now: at, log });
      learnPolicyScope(cache, answer.body.verdict, new Date(at));
      outcome.delivered++;
      outcome.last = { seq: next.seq, response: answer.body, serverDate: answer.serverDate };
      log.debug({ seq: next.seq, jti: next.jti, status: answer.body.verdict.status }, 'report delivered');
    } catch (error) {
      if (!(error instanceof PushError)) throw error;
      const at = now().getTime();
      if (
        error.code === 'VIGIL_PUSH_REJECTED' &&
        curableByResigning(error.serviceCode, next, identity.certificate.thumbprint)
      ) {
        const count = await resignTail({ cache, identity, fromSeq: next.seq, now });
        outcome.resigned += count;
        log.warn(
          { seq: next.seq, jti: next.jti, service_code: error.serviceCode, resigned: count },
          'report refused for its nonce or old key; undelivered reports re-signed',
        );
        continue;
      }
      if (error.code === 'VIGIL_PUSH_REJECTED' && error.serviceCode === 'VIGIL_EVIDENCE_IAT_FUTURE') {
        const handled = await handleFutureDated({ api, cache, identity, report: next, refusal: error, now });
        if ('resigned' in handled) {
          outcome.resigned += handled.resigned;
          log.warn(
            { seq: next.seq, jti: next.jti, resigned: handled.resigned },
            'report dated ahead of the service clock; undelivered reports re-signed with the corrected time',
          );
          continue;
        }
        cache.reports.markAttemptFailed(next.jti, at, handled.error.code, handled.error.message);
        outcome.error = handled.error;
        return outcome;
      }
      if (error.code === 'VIGIL_PUSH_REJECTED') {
        cache.reports.markRejected(next.jti, at, error.serviceCode ?? error.code, error.message);
        outcome.rejected++;
        log.warn(
          { seq: next.seq, jti: next.jti, service_code: error.serviceCode, status: error.status },
          'report rejected by the service',
        );
        continue;
      }
      cache.reports.markAttemptFailed(next.jti, at, error.serviceCode ?? error.code, error.message);
      outcome.error = error;
      return outcome;
    }
  }
  return outcome;
}
