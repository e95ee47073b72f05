import type { OsAutoUpdatesValue } from '../../posture.js';
import type { Policy } from '../schema.js';
import type { EvaluationContext, RawOutcome } from './types.js';

type OsAutoUpdatesPolicy = NonNullable<Policy['checks']['os.auto_updates']>;

/** Off fails; a pause that is still running warns (or fails, if the policy says so). */
export function evaluateOsAutoUpdates(
  value: OsAutoUpdatesValue,
  rule: OsAutoUpdatesPolicy,
  ctx: EvaluationContext,
): RawOutcome {
  const how = `${value.mechanism}${value.managed ? ', set by your organisation' : ''}`;
  if (!value.enabled) return { result: 'fail', reason: `automatic updates are off (${how}): ${value.detail}` };
  const pausedUntil = value.pausedUntil === null ? Number.NaN : Date.parse(value.pausedUntil);
  if (!Number.isNaN(pausedUntil) && pausedUntil > ctx.now.getTime()) {
    return {
      result: rule.failWhenPaused ? 'fail' : 'warn',
      reason: `automatic updates are paused until ${value.pausedUntil} (${how})`,
    };
  }
  return { result: 'pass', reason: `automatic updates are on (${how})` };
}
