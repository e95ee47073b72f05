/**
 * Windows screen lock. `InactivityTimeoutSecs` (machine policy) locks the session after that many
 * seconds, for every user. Otherwise the user's screen saver locks when it is active, secure
 * ("On resume, display logon screen") and a screen saver is chosen; registry values are strings.
 * As SYSTEM, HKCU is SYSTEM's own hive, so without the machine policy there is no answer.
 */
import type { ScreenLockValue } from '@vigil/shared';
import { asObject, bool, int, str } from '../windows/json.js';

export type Win32ScreenLock = { value: ScreenLockValue } | { asSystem: true } | null;

/** Registry values are strings anyone can type; beyond a year is garbage, not a setting (found by fuzzing). */
function seconds(value: unknown): number | null {
  const n = int(value);
  return n !== null && n >= 0 && n <= 31_536_000 ? n : null;
}

export function parseWin32ScreenLock(json: unknown): Win32ScreenLock {
  const root = asObject(json);
  if (!root) return null;
  const machine = seconds(root.inactivityTimeoutSecs);
  if (machine !== null && machine > 0) {
    return {
      value: {
        enabled: true,
        idleSeconds: machine,
        lockDelaySeconds: 0,
        source: 'windows-policy',
        detail: `machine inactivity limit (InactivityTimeoutSecs) ${machine} s`,
      },
    };
  }
  if (bool(root.isSystem) !== false) return { asSystem: true };
  const user = asObject(root.user);
  const policy = asObject(root.policy);
  const pick = (key: string) => policy?.[key] ?? user?.[key];
  const active = bool(pick('active')) === true;
  const secure = bool(pick('secure')) === true;
  const chosen = str(pick('exe')) !== null;
  const timeout = seconds(pick('timeout'));
  const byPolicy = policy?.active !== null && policy?.active !== undefined;
  const enabled = active && secure && chosen && timeout !== null && timeout > 0;
  return {
    value: {
      enabled,
      idleSeconds: timeout,
      lockDelaySeconds: enabled ? 0 : null,
      source: 'windows-screensaver',
      detail: `screen saver ${active ? 'on' : 'off'}${chosen ? '' : ' (none chosen)'}, ${secure ? 'shows' : 'does not show'} the sign-in screen on resume, after ${timeout ?? 'unknown'} s${byPolicy ? ' (group policy)' : ''}; sleep settings not read`,
    },
  };
}
