/**
 * `sysadminctl -screenLock status` logs through NSLog, so its answer is on stderr behind a
 * timestamp: `… sysadminctl[123:456] screenLock delay is immediate` / `… is 300 seconds` /
 * `… screenLock is off`. `defaults -currentHost read com.apple.screensaver idleTime` gives the
 * screen saver's start in seconds (0 = never; missing = never set, macOS's default applies).
 */
export type ScreenLockStatus = { on: false } | { on: true; delaySeconds: number };

export function parseScreenLockStatus(text: string): ScreenLockStatus | null {
  if (/screenLock is off/i.test(text)) return { on: false };
  if (/screenLock delay is immediate/i.test(text)) return { on: true, delaySeconds: 0 };
  const seconds = /screenLock delay is (\d+) seconds?/i.exec(text);
  const delay = seconds?.[1] ? safeInteger(seconds[1]) : null;
  return delay === null ? null : { on: true, delaySeconds: delay };
}

export function parseIdleTime(text: string): number | null {
  const match = /^\s*(\d+)\s*$/.exec(text);
  return match?.[1] ? safeInteger(match[1]) : null;
}

/** A run of digits too long for any real setting is garbage, not Infinity seconds (found by fuzzing). */
function safeInteger(digits: string): number | null {
  const value = Number.parseInt(digits, 10);
  return Number.isSafeInteger(value) ? value : null;
}
