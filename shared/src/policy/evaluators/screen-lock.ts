import type { ScreenLockValue } from '../../posture.js';
import type { Policy } from '../schema.js';
import type { RawOutcome } from './types.js';

type ScreenLockPolicy = NonNullable<Policy['checks']['screen.lock']>;

const describe = (seconds: number) => (seconds % 60 === 0 && seconds > 0 ? `${seconds / 60} min` : `${seconds} s`);

/**
 * The screen must lock by itself, within `maxDelaySeconds` of the last input (idle time plus the
 * lock delay). When only part of that delay is known it never passes on a guess: a known part that
 * is already too long fails, otherwise the result is a warning that says what could not be read.
 */
export function evaluateScreenLock(value: ScreenLockValue, rule: ScreenLockPolicy): RawOutcome {
  if (!value.enabled)
    return { result: 'fail', reason: `the screen does not lock by itself (${value.source}): ${value.detail}` };
  const max = rule.maxDelaySeconds;
  const { idleSeconds: idle, lockDelaySeconds: lock } = value;
  const total = idle !== null && lock !== null ? idle + lock : null;
  if (max === undefined) {
    return {
      result: 'pass',
      reason: `the screen locks by itself${total !== null ? ` after ${describe(total)}` : ''} (${value.source})`,
    };
  }
  if (total !== null) {
    return total <= max
      ? {
          result: 'pass',
          reason: `the screen locks after ${describe(total)} of inactivity (allowed: ${describe(max)})`,
        }
      : {
          result: 'fail',
          reason: `the screen locks only after ${describe(total)} of inactivity (allowed: ${describe(max)})`,
        };
  }
  const known = idle ?? lock;
  if (known !== null && known > max) {
    return {
      result: 'fail',
      reason: `the screen locks only after more than ${describe(known)} of inactivity (allowed: ${describe(max)})`,
    };
  }
  const missing =
    idle === null ? 'the idle time before the screen saver starts' : 'the delay before the password is required';
  return {
    result: 'warn',
    reason: `the screen lock is on, but ${missing} could not be read, so the ${describe(max)} limit cannot be confirmed`,
  };
}
