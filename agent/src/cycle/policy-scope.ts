/**
 * Which checks the service's policy evaluates, learned from its verdicts (each verdict lists the
 * checks of the policy it applied). A personal device collects only those: until the service
 * has named them, a personal report carries no observations at all, and its answer says what
 * to collect next (docs/byod.md).
 */
import { CHECK_IDS, isCheckId, type CheckId } from '@vigil/shared/core';
import type { AgentCache } from '../cache/index.js';

const KEY = 'policy.scope';

export interface PolicyScope {
  policyId: string | null;
  checks: CheckId[];
  learnedAt: string;
}

export function readPolicyScope(cache: AgentCache): PolicyScope | null {
  const stored = cache.kv.get<PolicyScope>(KEY);
  if (!stored || !Array.isArray(stored.checks)) return null;
  return { ...stored, checks: stored.checks.filter((check) => isCheckId(check)) };
}

/** Keeps the scope of the latest verdict; a verdict without a check list teaches nothing. */
export function learnPolicyScope(
  cache: AgentCache,
  verdict: { policyId?: string | undefined; checks?: readonly { check: string }[] | undefined },
  now: Date,
): void {
  if (!verdict.checks) return;
  const checks = CHECK_IDS.filter((id) => verdict.checks!.some((c) => c.check === id));
  cache.kv.set(KEY, { policyId: verdict.policyId ?? null, checks, learnedAt: now.toISOString() });
}

/**
 * The checks to collect: managed devices collect what the configuration allows (default all);
 * personal ones only what the policy evaluates, within what the configuration allows, and
 * nothing while the policy's checks are not known yet.
 */
export function checksToCollect(
  ownership: 'managed' | 'personal',
  configured: readonly CheckId[] | undefined,
  scope: PolicyScope | null,
): readonly CheckId[] | undefined {
  if (ownership === 'managed') return configured;
  if (!scope) return [];
  return scope.checks.filter((check) => !configured || configured.includes(check));
}

/** Policy checks a personal report did not carry (first report, or the policy grew). */
export function uncollected(
  collected: readonly CheckId[] | undefined,
  configured: readonly CheckId[] | undefined,
  scope: PolicyScope | null,
): CheckId[] {
  if (!scope || collected === undefined) return [];
  return scope.checks.filter((check) => (!configured || configured.includes(check)) && !collected.includes(check));
}
