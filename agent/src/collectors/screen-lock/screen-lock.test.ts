import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createReplayIO, type DeviceScenario } from '../__fixtures__/replay-io.js';
import type { UserSession } from '../../platform/session.js';
import { collectScreenLockDarwin } from './darwin.js';
import { collectScreenLockLinux } from './linux.js';
import { parseIdleTime, parseScreenLockStatus } from './parse-sysadminctl.js';
import { parseWin32ScreenLock } from './parse-win32-screen-lock.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const GNOME_SESSION: UserSession = {
  env: {
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus',
    XDG_RUNTIME_DIR: '/run/user/1000',
    HOME: '/home/ada',
  },
  desktop: 'ubuntu:GNOME',
  uid: 1000,
};
const gnome = (enabled: string, idle: string, extra: { stderr?: string } = {}) => ({
  'gsettings get org.gnome.desktop.screensaver lock-enabled': { stdout: fixture(enabled), ...extra },
  'gsettings get org.gnome.desktop.screensaver lock-delay': { stdout: fixture('gsettings-lock-delay.0.txt'), ...extra },
  'gsettings get org.gnome.desktop.session idle-delay': { stdout: fixture(idle), ...extra },
  'gsettings get org.gnome.desktop.lockdown disable-lock-screen': {
    stdout: fixture('gsettings-disable-lock-screen.false.txt'),
    ...extra,
  },
});
const run = async (collect: typeof collectScreenLockLinux, overrides: Partial<DeviceScenario>) => {
  const replay = createReplayIO({
    name: 'sl',
    now: '2024-11-07T09:00:00.000Z',
    commands: {},
    missingTools: [],
    files: {},
    dirs: {},
    stats: {},
    ...overrides,
  });
  const observation = await collect(replay.io);
  expect(replay.unexpected).toEqual([]);
  return observation;
};

describe('screen.lock on Linux', () => {
  it('refuses to read without a session bus: gsettings would print schema defaults', async () => {
    for (const session of [null, { env: { HOME: '/root' }, uid: 0 }, { env: { HOME: '/home/ada' }, uid: 1000 }]) {
      expect(await run(collectScreenLockLinux, { session })).toMatchObject({
        state: 'error',
        code: 'VIGIL_COLLECT_NO_USER_SESSION',
      });
    }
  });
  it('reads GNOME in the session: lock on after 5 minutes', async () => {
    const observation = await run(collectScreenLockLinux, {
      session: GNOME_SESSION,
      commands: gnome('gsettings-lock-enabled.true.txt', 'gsettings-idle-delay.300.txt'),
    });
    expect(observation).toMatchObject({
      state: 'ok',
      value: { enabled: true, idleSeconds: 300, lockDelaySeconds: 0, source: 'gnome' },
    });
  });
  it('treats an idle delay of "never" as no automatic lock', async () => {
    const observation = await run(collectScreenLockLinux, {
      session: GNOME_SESSION,
      commands: gnome('gsettings-lock-enabled.true.txt', 'gsettings-idle-delay.never.txt'),
    });
    expect(observation).toMatchObject({
      state: 'ok',
      value: { enabled: false, detail: expect.stringContaining('never') },
    });
  });
  it('refuses values from the memory backend, and is unsupported without the GNOME schema', async () => {
    const memory = gnome('gsettings-lock-enabled.true.txt', 'gsettings-idle-delay.300.txt', {
      stderr: fixture('gsettings.memory-backend.stderr.txt'),
    });
    expect(await run(collectScreenLockLinux, { session: GNOME_SESSION, commands: memory })).toMatchObject({
      state: 'error',
      code: 'VIGIL_COLLECT_SCREEN_LOCK_DEFAULTS',
    });
    const noSchema = { stdout: '', stderr: fixture('gsettings.no-schema.stderr.txt'), exitCode: 1 };
    const commands = Object.fromEntries(
      Object.keys(gnome('gsettings-lock-enabled.true.txt', 'gsettings-idle-delay.300.txt')).map((key) => [
        key,
        noSchema,
      ]),
    );
    expect(await run(collectScreenLockLinux, { session: { ...GNOME_SESSION, desktop: '' }, commands })).toMatchObject({
      state: 'unsupported',
    });
  });
  it("reads KDE, where unset keys are Plasma's own defaults", async () => {
    const key = (tool: string, name: string) => `${tool} --file kscreenlockerrc --group Daemon --key ${name}`;
    const observation = await run(collectScreenLockLinux, {
      session: { env: { HOME: '/home/ada' }, desktop: 'KDE', uid: 1000 },
      missingTools: ['kreadconfig6'],
      commands: {
        [key('kreadconfig5', 'Autolock')]: { stdout: fixture('kreadconfig.unset.txt') },
        [key('kreadconfig5', 'Timeout')]: { stdout: fixture('kreadconfig-timeout.10.txt') },
        [key('kreadconfig5', 'LockGrace')]: { stdout: fixture('kreadconfig.unset.txt') },
      },
    });
    expect(observation).toMatchObject({
      state: 'ok',
      value: { enabled: true, idleSeconds: 600, lockDelaySeconds: 5, source: 'kde' },
    });
  });
  it('is unsupported on desktops it has no reader for', async () => {
    expect(await run(collectScreenLockLinux, { session: { ...GNOME_SESSION, desktop: 'XFCE' } })).toMatchObject({
      state: 'unsupported',
      reason: expect.stringContaining('XFCE'),
    });
  });
});

describe('screen.lock on macOS', () => {
  it('reads sysadminctl from stderr and the screen saver delay', () => {
    expect(parseScreenLockStatus(fixture('sysadminctl-screenlock.immediate.stderr.txt'))).toEqual({
      on: true,
      delaySeconds: 0,
    });
    expect(parseScreenLockStatus(fixture('sysadminctl-screenlock.300.stderr.txt'))).toEqual({
      on: true,
      delaySeconds: 300,
    });
    expect(parseScreenLockStatus(fixture('sysadminctl-screenlock.off.stderr.txt'))).toEqual({ on: false });
    expect(parseScreenLockStatus('')).toBeNull();
    expect(parseIdleTime(fixture('defaults-idletime.600.txt'))).toBe(600);
  });
  it("needs the user's session, and reports an unset screen saver delay as unknown", async () => {
    expect(await run(collectScreenLockDarwin, { platform: 'darwin', session: { env: {}, uid: 0 } })).toMatchObject({
      state: 'error',
      code: 'VIGIL_COLLECT_NO_USER_SESSION',
    });
    const observation = await run(collectScreenLockDarwin, {
      platform: 'darwin',
      session: { env: { HOME: '/Users/ada' }, uid: 501 },
      commands: {
        'sysadminctl -screenLock status': { stderr: fixture('sysadminctl-screenlock.300.stderr.txt') },
        'defaults -currentHost read com.apple.screensaver idleTime': {
          stderr: fixture('defaults-idletime.missing.stderr.txt'),
          exitCode: 1,
        },
      },
    });
    expect(observation).toMatchObject({
      state: 'ok',
      value: { enabled: true, idleSeconds: null, lockDelaySeconds: 300 },
    });
  });
});

describe('screen.lock on Windows', () => {
  const parse = (name: string) => parseWin32ScreenLock(JSON.parse(fixture(name)));
  it("reads the machine inactivity limit from any account, the screen saver only in the user's session", () => {
    expect(parse('ps-screen-lock.machine-policy.json')).toMatchObject({
      value: { enabled: true, idleSeconds: 900, source: 'windows-policy' },
    });
    expect(parse('ps-screen-lock.system-no-policy.json')).toEqual({ asSystem: true });
    expect(parse('ps-screen-lock.user-screensaver.json')).toMatchObject({
      value: { enabled: true, idleSeconds: 600, source: 'windows-screensaver' },
    });
    // Group policy wins over the user's own (insecure) screen saver.
    expect(parse('ps-screen-lock.user-gpo-screensaver.json')).toMatchObject({
      value: { enabled: true, idleSeconds: 1800, detail: expect.stringContaining('group policy') },
    });
  });
});
