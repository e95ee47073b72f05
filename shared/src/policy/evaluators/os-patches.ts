import type { OsPatchesValue } from '../../posture.js';
import type { Policy } from '../schema.js';
import type { EvaluationContext, RawOutcome } from './types.js';

type OsPatchesPolicy = NonNullable<Policy['checks']['os.patches']>;

const DAY_MS = 86_400_000;

/** Fails on hard limits, warns on soft ones, and says unknown when the count cannot be trusted. */
export function evaluateOsPatches(value: OsPatchesValue, rule: OsPatchesPolicy, ctx: EvaluationContext): RawOutcome {
  const failures: string[] = [];
  const warnings: string[] = [];
  const unknowns: string[] = [];

  if (value.pendingSecurityUpdates === null) {
    unknowns.push('the number of pending security updates could not be read');
  } else if (value.pendingSecurityUpdates > rule.maxPendingSecurityUpdates) {
    const names = value.securityPackages.slice(0, 5).join(', ');
    const more = value.securityPackages.length > 5 ? '…' : '';
    failures.push(
      `${value.pendingSecurityUpdates} security update(s) pending (allowed: ${rule.maxPendingSecurityUpdates})` +
        (names ? `: ${names}${more}` : ''),
    );
  }
  if (
    rule.maxPendingUpdates !== undefined &&
    value.pendingUpdates !== null &&
    value.pendingUpdates > rule.maxPendingUpdates
  ) {
    warnings.push(`${value.pendingUpdates} update(s) pending (suggested at most ${rule.maxPendingUpdates})`);
  }
  if (rule.maxDaysSinceLastPatch !== undefined) {
    const age = ageDays(value.lastPatchedAt, ctx.now);
    if (age === null) unknowns.push('the time of the last update is not known');
    else if (age > rule.maxDaysSinceLastPatch) {
      failures.push(`last update was ${Math.floor(age)} days ago (allowed: ${rule.maxDaysSinceLastPatch})`);
    }
  }
  const listAge = ageDays(value.listsUpdatedAt, ctx.now);
  if (listAge !== null && listAge > rule.maxPackageListAgeDays) {
    warnings.push(`package lists are ${Math.floor(listAge)} days old, so the pending count may be too low`);
  }
  if (rule.warnOnRebootRequired && value.rebootRequired === true) {
    warnings.push('a restart is needed to finish installing updates');
  }

  if (failures.length > 0) return { result: 'fail', reason: [...failures, ...unknowns, ...warnings].join('; ') };
  if (unknowns.length > 0) return { result: 'unknown', reason: [...unknowns, ...warnings].join('; ') };
  if (warnings.length > 0) return { result: 'warn', reason: warnings.join('; ') };
  const count = value.pendingSecurityUpdates ?? 0;
  return {
    result: 'pass',
    reason: count === 0 ? 'no security updates pending' : `${count} security update(s) pending, within the allowance`,
  };
}

function ageDays(iso: string | null, now: Date): number | null {
  if (iso === null) return null;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : Math.max(0, (now.getTime() - time) / DAY_MS);
}
