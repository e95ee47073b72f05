import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createReplayIO, type DeviceScenario } from '../__fixtures__/replay-io.js';
import { collectOsAutoUpdatesDarwin } from './darwin.js';
import { collectOsAutoUpdatesLinux } from './linux.js';
import {
  defaultsDate,
  parseSoftwareUpdatePrefs,
  securityUpdatesAutomatic,
  softwareUpdatePrefs,
} from './parse-softwareupdate-prefs.js';
import { parseWin32AutoUpdates } from './parse-win32-auto-updates.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const NOW = '2024-11-07T09:00:00.000Z';
const NOT_FOUND = { error: 'VIGIL_IO_NOT_FOUND' } as const;
const scenario = (overrides: Partial<DeviceScenario>): DeviceScenario => ({
  name: 'au',
  now: NOW,
  commands: {},
  missingTools: [],
  files: {},
  dirs: {},
  stats: {},
  ...overrides,
});

describe('macOS Software Update settings', () => {
  const prefs = (name: string, managed?: string) =>
    softwareUpdatePrefs(
      parseSoftwareUpdatePrefs(fixture(name)),
      managed ? parseSoftwareUpdatePrefs(fixture(managed)) : null,
    );
  it('reads the switches, the catalogue macOS last checked and when', () => {
    const on = prefs('defaults-softwareupdate.macos-14.txt');
    expect(on).toMatchObject({
      automaticCheck: true,
      criticalUpdateInstall: true,
      configDataInstall: true,
      installMacOSUpdates: false,
      lastFullCheckAt: '2024-11-06T06:12:44.000Z',
    });
    expect(on.recommended).toEqual([
      { name: 'macOS Sonoma 14.7.1', version: '14.7.1' },
      { name: 'Safari', version: '18.1' },
    ]);
    expect(securityUpdatesAutomatic(on)).toBe(true);
    expect(securityUpdatesAutomatic(prefs('defaults-softwareupdate.macos-15-off.txt'))).toBe(false);
  });
  it('lets a management profile win, key by key, and never reads a missing switch as off', () => {
    expect(
      securityUpdatesAutomatic(
        prefs('defaults-softwareupdate.macos-13-off.txt', 'defaults-softwareupdate.managed.txt'),
      ),
    ).toBe(true);
    expect(securityUpdatesAutomatic(softwareUpdatePrefs({ AutomaticCheckEnabled: '1' }, null))).toBeNull();
    expect(defaultsDate('2024-11-06 06:12:44 +0100')).toBe('2024-11-06T05:12:44.000Z');
  });
  it('collects: an error when the settings do not say, never a guess', async () => {
    const { io } = createReplayIO(
      scenario({
        platform: 'darwin',
        commands: {
          'defaults read /Library/Preferences/com.apple.SoftwareUpdate': { stdout: '{\n    LastResultCode = 2;\n}\n' },
          'defaults read /Library/Managed Preferences/com.apple.SoftwareUpdate': {
            stderr: fixture('defaults-softwareupdate.managed-missing.stderr.txt'),
            exitCode: 1,
          },
        },
      }),
    );
    expect(await collectOsAutoUpdatesDarwin(io)).toMatchObject({
      state: 'error',
      code: 'VIGIL_COLLECT_AUTO_UPDATES_UNREADABLE',
    });
  });
});

describe('Windows Update settings', () => {
  const parse = (name: string) => parseWin32AutoUpdates(JSON.parse(fixture(name)));
  it('is on by default, off by policy or a disabled service, and reports a pause', () => {
    expect(parse('ps-auto-updates.default.json')).toMatchObject({ enabled: true, managed: false, pausedUntil: null });
    expect(parse('ps-auto-updates.paused.json')).toMatchObject({
      enabled: true,
      pausedUntil: '2024-11-14T08:40:13.000Z',
    });
    expect(parse('ps-auto-updates.gpo-notify-only.json')).toMatchObject({
      enabled: false,
      managed: true,
      detail: expect.stringContaining('AUOptions 2'),
    });
    expect(parse('ps-auto-updates.service-disabled.json')).toMatchObject({
      enabled: false,
      detail: expect.stringContaining('service is disabled'),
    });
  });
});

describe('collectOsAutoUpdatesLinux', () => {
  it('reads unattended-upgrades from the 20auto-upgrades file when apt-config cannot run', async () => {
    const { io, unexpected } = createReplayIO(
      scenario({
        commands: { 'apt-config shell UU APT::Periodic::Unattended-Upgrade': { error: 'VIGIL_EXEC_TIMEOUT' } },
        files: {
          '/etc/os-release': 'ID=ubuntu\nID_LIKE=debian\n',
          '/etc/apt/apt.conf.d/20auto-upgrades': readFileSync(
            new URL('../os-patches/__fixtures__/20auto-upgrades.ubuntu.txt', import.meta.url),
            'utf8',
          ),
        },
        stats: { '/usr/bin/unattended-upgrade': { mtime: NOW } },
      }),
    );
    expect(await collectOsAutoUpdatesLinux(io)).toMatchObject({
      state: 'ok',
      value: { enabled: true, mechanism: 'unattended-upgrades', detail: expect.stringContaining('20auto-upgrades') },
    });
    expect(unexpected).toEqual([]);
  });
  it('needs the package as well as the setting', async () => {
    const { io } = createReplayIO(
      scenario({
        commands: { 'apt-config shell UU APT::Periodic::Unattended-Upgrade': { stdout: "UU='1'\n" } },
        files: { '/etc/os-release': 'ID=debian\n' },
        stats: { '/usr/bin/unattended-upgrade': NOT_FOUND },
      }),
    );
    expect(await collectOsAutoUpdatesLinux(io)).toMatchObject({
      state: 'ok',
      value: { enabled: false, detail: expect.stringContaining('not installed') },
    });
  });
  it('reads dnf-automatic timers and configuration', async () => {
    const TIMERS = '/etc/systemd/system/timers.target.wants';
    const { io } = createReplayIO(
      scenario({
        files: {
          '/etc/os-release': 'ID=rocky\nID_LIKE="rhel centos fedora"\n',
          '/etc/dnf/automatic.conf': '[commands]\napply_updates = yes\n',
        },
        stats: {
          [`${TIMERS}/dnf-automatic-install.timer`]: NOT_FOUND,
          [`${TIMERS}/dnf-automatic.timer`]: { mtime: NOW },
          [`${TIMERS}/dnf5-automatic.timer`]: NOT_FOUND,
        },
      }),
    );
    expect(await collectOsAutoUpdatesLinux(io)).toMatchObject({
      state: 'ok',
      value: { enabled: true, mechanism: 'dnf-automatic' },
    });
  });
  it('is unsupported on a distribution without either mechanism', async () => {
    const { io } = createReplayIO(
      scenario({
        missingTools: ['apt-config'],
        files: { '/etc/os-release': 'ID=arch\n', '/etc/apt/apt.conf.d/20auto-upgrades': NOT_FOUND },
        stats: { '/usr/bin/unattended-upgrade': NOT_FOUND },
      }),
    );
    expect(await collectOsAutoUpdatesLinux(io)).toMatchObject({ state: 'unsupported' });
  });
});
