// Property-based tests of every screen-lock reader (GNOME/KDE, macOS, Windows): see docs/fuzzing.md.
import { ScreenLockValueSchema } from '@vigil/shared';
import { describe, expect, it } from 'vitest';
import { fixtures } from '../__fixtures__/fuzz-inputs.js';
import { fuzzJsonParser, fuzzParser } from '../__fixtures__/fuzz-parser.js';
import { parseGBoolean, parseGUint } from './parse-gsettings.js';
import { parseIdleTime, parseScreenLockStatus } from './parse-sysadminctl.js';
import { parseWin32ScreenLock } from './parse-win32-screen-lock.js';

const read = (names: string[]) => fixtures(import.meta.url, names);
const seconds = (value: number | null | undefined) =>
  expect(value === null || value === undefined || Number.isSafeInteger(value)).toBe(true);

fuzzParser('gsettings get (boolean)', {
  samples: read([
    'gsettings-lock-enabled.false.txt',
    'gsettings-disable-lock-screen.false.txt',
    'gsettings.memory-backend.stderr.txt',
    'gsettings.no-schema.stderr.txt',
    'gsettings-lock-enabled.true.txt',
  ]),
  parse: parseGBoolean,
});

fuzzParser('gsettings get (uint32) and kreadconfig numbers', {
  samples: read([
    'gsettings-idle-delay.300.txt',
    'gsettings-idle-delay.never.txt',
    'gsettings-lock-delay.0.txt',
    'kreadconfig-timeout.10.txt',
    'kreadconfig.unset.txt',
  ]),
  parse: parseGUint,
  check: seconds,
});

fuzzParser('sysadminctl -screenLock status', {
  samples: read([
    'sysadminctl-screenlock.off.stderr.txt',
    'sysadminctl-screenlock.300.stderr.txt',
    'sysadminctl-screenlock.immediate.stderr.txt',
  ]),
  parse: parseScreenLockStatus,
  check: (status) => seconds(status?.on ? status.delaySeconds : null),
  passes: (status) => status?.on === true,
});

fuzzParser('defaults -currentHost read com.apple.screensaver idleTime', {
  samples: read(['defaults-idletime.600.txt', 'defaults-idletime.missing.stderr.txt']),
  parse: parseIdleTime,
  check: seconds,
});

fuzzJsonParser('screen-lock script answer', {
  samples: read([
    'ps-screen-lock.system-no-policy.json',
    'ps-screen-lock.machine-policy.json',
    'ps-screen-lock.user-gpo-screensaver.json',
    'ps-screen-lock.user-screensaver.json',
  ]),
  parse: parseWin32ScreenLock,
  check: (reading) => {
    if (reading && 'value' in reading) expect(ScreenLockValueSchema.safeParse(reading.value).error).toBeUndefined();
  },
  passes: (reading) => !!reading && 'value' in reading && reading.value.enabled,
});

describe('screen-lock readers: regressions found by fuzzing', () => {
  it('refuse numbers too long to be a setting instead of returning Infinity', () => {
    const digits = '6'.repeat(400);
    expect([parseIdleTime(digits), parseGUint(`uint32 ${digits}`)]).toEqual([null, null]);
    expect(parseScreenLockStatus(`screenLock delay is ${digits} seconds`)).toBeNull();
    expect([parseIdleTime('600\n'), parseGUint('uint32 300')]).toEqual([600, 300]);
  });

  it('Windows: a screen-saver timeout beyond a year is unknown, not a setting', () => {
    const answer = {
      isSystem: false,
      user: {},
      policy: { active: '1', secure: '1', timeout: 1003746533175541, exe: 'a.scr' },
    };
    expect(parseWin32ScreenLock(answer)).toMatchObject({ value: { enabled: false, idleSeconds: null } });
    expect(parseWin32ScreenLock({ ...answer, inactivityTimeoutSecs: 9e15 })).toMatchObject({
      value: { source: 'windows-screensaver' },
    });
  });
});
