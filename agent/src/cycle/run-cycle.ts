/**
 * One full cycle: collect → (deliver the offline backlog) → challenge → sign → cache → push →
 * result. Order matters: the backlog goes first (unchallenged, history only) so the service sees
 * every sequence number in order, then a fresh challenged report whose nonce is used within
 * seconds. Offline, the report is signed without a nonce and waits in the outbox. A Retry-After
 * the service sent (429 on a challenge, 503 when overloaded) is remembered across cycles:
 * retry-after-pause.ts.
 */
import type { PostureReport } from '@vigil/shared';
import type { AgentCache } from '../cache/index.js';
import type { DeviceIdentity } from '../identity/store.js';
import { errorFields, type Logger } from '../logging/logger.js';
import { PushError, type ServiceApi } from '../push/api.js';
import { createReport, type CreatedReport } from './create-report.js';
import { drainOutbox, type DrainOutcome } from './drain.js';
import { activeRetryAfter, pausedError, rememberRetryAfter, type RetryAfterPause } from './retry-after-pause.js';
import { writeServiceState } from './service-state.js';

export interface CycleSettings {
  maxPendingReports: number;
  retention: { maxAgeDays: number; maxHistoryBytes: number };
  /** How long to wait for another process that is pushing (`vigil push` beside the daemon). */
  leaseWaitMs: number;
  /** `push.retryAfterMaxSeconds`: the longest wait a service's Retry-After may impose. */
  retryAfterMaxSeconds: number;
}

export interface CycleDeps {
  cache: AgentCache;
  identity: DeviceIdentity;
  log: Logger;
  collect: () => Promise<PostureReport>;
  connect: () => Promise<ServiceApi>;
  now: () => Date;
  pid: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface CycleOutcome {
  report: CreatedReport;
  delivered: number;
  rejected: number;
  pending: number;
  /** Verdict status of the fresh challenged report, when the service answered. */
  status?: string;
  nextReportSeconds?: number;
  error?: { code: string; message: string };
  /** Wall time of the collection and of the whole cycle (benchmarks, logs). */
  timings: { collectMs: number; totalMs: number };
}

const LEASE_TTL_MS = 5 * 60_000;

export async function runCycle(deps: CycleDeps, settings: CycleSettings): Promise<CycleOutcome> {
  const { cache, identity, log, now } = deps;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const started = performance.now();
  const posture = await deps.collect();
  const collectMs = Math.round(performance.now() - started);
  cache.reports.bindDevice(identity.deviceId);

  const leased = await acquireLease(deps, settings.leaseWaitMs, sleep);
  let api: ServiceApi | undefined;
  let report: CreatedReport | undefined;
  let drained: DrainOutcome = { delivered: 0, rejected: 0, resigned: 0 };
  let failure: PushError | undefined;
  try {
    const pause = leased ? activeRetryAfter(cache, now().getTime(), settings.retryAfterMaxSeconds) : null;
    if (pause?.scope === 'everything') {
      // The service is shedding load: not even the backlog goes out before the time it gave.
      failure = pausedError(pause);
    } else if (leased) {
      const evidenceFailure = (outcome: DrainOutcome) =>
        outcome.error && rememberRetryAfter(cache, outcome.error, 'evidence', now(), settings.retryAfterMaxSeconds);
      try {
        api = await deps.connect();
        drained = await drainOutbox({ api, cache, identity, log, now });
        failure = evidenceFailure(drained);
        if (!failure) {
          const nonce = await requestNonce(api, cache, now, pause, settings.retryAfterMaxSeconds);
          if (typeof nonce !== 'string') failure = nonce;
          // Rate-limited but online: the report still goes out now, unchallenged (history only).
          report = await createReport({
            cache,
            identity,
            posture,
            ...(typeof nonce === 'string' ? { nonce } : {}),
            maxPendingReports: settings.maxPendingReports,
            now,
          });
          const fresh = await drainOutbox({ api, cache, identity, log, now });
          drained = merge(drained, fresh);
          failure = evidenceFailure(fresh) ?? failure;
        }
      } catch (error) {
        if (!(error instanceof PushError)) throw error;
        failure = error;
      }
    }
    // Offline, told to wait, or another process is pushing: keep it as an unchallenged report.
    report ??= await createReport({ cache, identity, posture, maxPendingReports: settings.maxPendingReports, now });
  } finally {
    api?.close();
    if (leased) cache.lease.release(deps.pid);
  }

  const checkedAt = now().toISOString();
  const lastAnswer = drained.last;
  if (failure) {
    writeServiceState(cache, {
      reachable: failure.status !== undefined,
      checkedAt,
      lastError: errorFields(failure) as { code: string; message: string },
    });
    log.warn({ error: errorFields(failure), seq: report.seq }, 'push failed; report kept in the outbox');
  } else if (leased) {
    writeServiceState(cache, {
      reachable: true,
      checkedAt,
      lastPushedAt: checkedAt,
      ...(lastAnswer?.serverDate
        ? { clockSkewSeconds: Math.round((now().getTime() - lastAnswer.serverDate.getTime()) / 1000) }
        : {}),
      ...(lastAnswer?.response.nextReportSeconds ? { nextReportSeconds: lastAnswer.response.nextReportSeconds } : {}),
    });
  }
  try {
    cache.applyRetention(settings.retention, now().getTime());
  } catch (error) {
    log.warn({ error: errorFields(error) }, 'retention failed; will retry next cycle');
  }
  const freshAnswer = lastAnswer && lastAnswer.seq === report.seq ? lastAnswer.response : undefined;
  return {
    report,
    delivered: drained.delivered,
    rejected: drained.rejected,
    pending: cache.reports.counts().pending,
    ...(freshAnswer ? { status: freshAnswer.verdict.status } : {}),
    ...(lastAnswer?.response.nextReportSeconds ? { nextReportSeconds: lastAnswer.response.nextReportSeconds } : {}),
    ...(failure ? { error: errorFields(failure) as { code: string; message: string } } : {}),
    timings: { collectMs, totalMs: Math.round(performance.now() - started) },
  };
}

/**
 * A nonce, or the rate-limit error (the report then goes out unchallenged). Any other failure
 * is thrown; a Retry-After it carries is remembered first (retry-after-pause.ts).
 */
async function requestNonce(
  api: ServiceApi,
  cache: AgentCache,
  now: () => Date,
  pause: RetryAfterPause | null,
  retryAfterMaxSeconds: number,
): Promise<string | PushError> {
  if (pause) return pausedError(pause);
  try {
    return (await api.challenge()).body.nonce;
  } catch (error) {
    if (!(error instanceof PushError)) throw error;
    const reported = rememberRetryAfter(cache, error, 'challenge', now(), retryAfterMaxSeconds);
    if (error.code !== 'VIGIL_PUSH_RATE_LIMITED') throw reported;
    return reported;
  }
}

async function acquireLease(deps: CycleDeps, waitMs: number, sleep: (ms: number) => Promise<void>): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (deps.cache.lease.tryAcquire(deps.pid, deps.now().getTime(), LEASE_TTL_MS)) return true;
    if (Date.now() >= deadline) {
      deps.log.info('another process is pushing; this report stays in the outbox for it');
      return false;
    }
    await sleep(200);
  }
}

function merge(a: DrainOutcome, b: DrainOutcome): DrainOutcome {
  return {
    delivered: a.delivered + b.delivered,
    rejected: a.rejected + b.rejected,
    resigned: a.resigned + b.resigned,
    ...((b.last ?? a.last) ? { last: (b.last ?? a.last)! } : {}),
  };
}
