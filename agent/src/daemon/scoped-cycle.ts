/**
 * One cycle as the job runs it: collect what may be collected (personal devices: the policy's
 * checks only), run it, log it and record the push in the activity log. When a personal report
 * lacked checks the service's verdict names (the first report, or a policy that grew), one
 * follow-up cycle collects them at once rather than a whole interval later.
 */
import type { CheckId, PostureReport } from '@vigil/shared/core';
import type { AgentCache } from '../cache/index.js';
import type { AgentConfig } from '../config/index.js';
import { checksToCollect, readPolicyScope, uncollected } from '../cycle/policy-scope.js';
import type { CycleDeps, CycleOutcome } from '../cycle/run-cycle.js';
import type { DeviceIdentity } from '../identity/index.js';
import { errorFields, type Logger } from '../logging/logger.js';
import { pushRequester, recordActivity } from '../privacy/activity.js';
import type { ServiceApi } from '../push/api.js';

export interface ScopedCycleDeps {
  config: AgentConfig;
  log: Logger;
  cache: AgentCache;
  identity: DeviceIdentity;
  collect: (checks?: readonly CheckId[]) => Promise<PostureReport>;
  connect: () => Promise<ServiceApi>;
  now: () => Date;
  pid: number;
}

export async function runScopedCycle(deps: ScopedCycleDeps, reason: string): Promise<CycleOutcome> {
  const first = await runOnce(deps, reason);
  if (deps.config.ownership !== 'personal' || first.outcome.status === undefined) return first.outcome;
  const missing = uncollected(first.collected, deps.config.checks, readPolicyScope(deps.cache));
  if (missing.length === 0) return first.outcome;
  deps.log.info({ checks: missing }, 'the service named policy checks this report lacked; collecting them now');
  return (await runOnce(deps, 'policy-scope')).outcome;
}

async function runOnce(
  deps: ScopedCycleDeps,
  reason: string,
): Promise<{ outcome: CycleOutcome; collected: readonly CheckId[] | undefined }> {
  const { config, cache, log } = deps;
  const collected = checksToCollect(config.ownership, config.checks, readPolicyScope(cache));
  // Loaded here, not at the top: the daemon's main process builds a job for status only.
  const { runCycle } = await import('../cycle/run-cycle.js');
  const cycleDeps: CycleDeps = {
    cache,
    identity: deps.identity,
    log,
    collect: () => deps.collect(collected),
    connect: deps.connect,
    now: deps.now,
    pid: deps.pid,
  };
  let outcome: CycleOutcome;
  try {
    outcome = await runCycle(cycleDeps, {
      maxPendingReports: config.retention.maxPendingReports,
      retention: config.retention,
      leaseWaitMs: 10_000,
      retryAfterMaxSeconds: config.push.retryAfterMaxSeconds,
    });
  } catch (error) {
    const fields = errorFields(error);
    recordActivity(
      cache,
      { kind: 'push', requester: pushRequester(reason), outcome: `failed: ${fields.code ?? fields.message}` },
      log,
    );
    throw error;
  }
  log.info(
    {
      reason,
      seq: outcome.report.seq,
      challenged: outcome.report.challenged,
      status: outcome.status,
      delivered: outcome.delivered,
      pending: outcome.pending,
      checks: collected?.length ?? 'all',
      collect_ms: outcome.timings.collectMs,
      duration_ms: outcome.timings.totalMs,
      error: outcome.error,
    },
    'cycle finished',
  );
  recordActivity(
    cache,
    { kind: 'push', requester: pushRequester(reason), outcome: describePush(outcome), at: deps.now() },
    log,
  );
  return { outcome, collected };
}

export function describePush(outcome: CycleOutcome): string {
  const report = `report #${outcome.report.seq}`;
  const verdict = outcome.status ? ` (verdict ${outcome.status})` : '';
  if (!outcome.error) return `delivered ${outcome.delivered} report(s), ${report}${verdict}`;
  const queued = outcome.pending > 0 ? `; ${outcome.pending} queued` : '';
  return `${outcome.delivered > 0 ? `delivered ${outcome.delivered} report(s), then ` : ''}not delivered: ${outcome.error.code}${queued}`;
}
