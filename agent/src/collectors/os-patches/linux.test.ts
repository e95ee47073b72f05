import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createReplayIO, type DeviceScenario } from '../__fixtures__/replay-io.js';
import { collectOsPatchesLinux, managerOrder } from './linux.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const NOT_FOUND = { error: 'VIGIL_IO_NOT_FOUND' } as const;
const SIMULATE = 'apt-get -s -o Debug::NoLocking=1 upgrade';
const LISTS = '/var/lib/apt/lists';
const PACKAGES = 'deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4';

/** A small Debian with apt; tests override what they exercise. */
function debian(overrides: Partial<DeviceScenario> = {}): DeviceScenario {
  return {
    name: 'debian',
    now: '2024-10-07T09:00:00.000Z',
    missingTools: [],
    ...overrides,
    commands: {
      [SIMULATE]: { stdout: fixture('apt-get-upgrade.debian-12-stable-security.txt') },
      'apt-config shell UU APT::Periodic::Unattended-Upgrade': { stdout: '' },
      ...overrides.commands,
    },
    files: {
      '/etc/os-release': 'ID=debian\nVERSION_ID="12"\n',
      '/proc/sys/kernel/osrelease': '6.1.0-25-amd64\n',
      '/var/log/apt/history.log': fixture('apt-history.ubuntu-22.04.log'),
      '/var/log/dpkg.log': '',
      '/var/log/dpkg.log.1': '',
      ...overrides.files,
    },
    dirs: {
      [LISTS]: ['lock', 'partial', PACKAGES],
      '/boot': ['vmlinuz-6.1.0-25-amd64', 'vmlinuz-6.1.0-26-amd64'],
      ...overrides.dirs,
    },
    stats: {
      [LISTS]: { mtime: '2024-10-06T10:00:00.000Z', isDirectory: true },
      [`${LISTS}/${PACKAGES}`]: { mtime: '2024-10-06T09:59:00.000Z' },
      '/var/lib/apt/periodic/update-success-stamp': NOT_FOUND,
      '/var/run/reboot-required': NOT_FOUND,
      '/usr/bin/unattended-upgrade': NOT_FOUND,
      ...overrides.stats,
    },
  };
}

async function collect(scenario: DeviceScenario) {
  const { io, unexpected } = createReplayIO(scenario);
  const observation = await collectOsPatchesLinux(io);
  expect(unexpected).toEqual([]);
  return observation;
}

describe('managerOrder', () => {
  it.each([
    ['ID=fedora\n', ['dnf', 'apt']],
    ['ID="rocky"\nID_LIKE="rhel centos fedora"\n', ['dnf', 'apt']],
    ['ID=ubuntu\nID_LIKE=debian\n', ['apt', 'dnf']],
    ['ID=linuxmint\nID_LIKE="ubuntu debian"\n', ['apt', 'dnf']],
    [null, ['apt', 'dnf']],
  ] as const)('%j → %j', (osRelease, order) => {
    expect(managerOrder(osRelease)).toEqual(order);
  });
});

describe('collectOsPatchesLinux (apt)', () => {
  it('counts updates and notices a newer kernel in /boot when no reboot-required helper exists', async () => {
    expect(await collect(debian())).toMatchObject({
      state: 'ok',
      value: {
        manager: 'apt',
        pendingUpdates: 3,
        pendingSecurityUpdates: 2,
        securityPackages: ['libc6', 'libc-bin'],
        listsUpdatedAt: '2024-10-06T10:00:00.000Z',
        autoUpdates: false,
        rebootRequired: true,
      },
    });
  });

  it('says "unknown", not 0, when the package lists were deleted (container images)', async () => {
    const observation = await collect(
      debian({
        commands: { [SIMULATE]: { stdout: fixture('apt-get-upgrade.debian-12-none.txt') } },
        dirs: { [LISTS]: ['lock', 'partial'] },
      }),
    );
    expect(observation).toMatchObject({
      state: 'ok',
      value: { pendingUpdates: null, pendingSecurityUpdates: null, listsUpdatedAt: null },
    });
  });

  it('keeps the other facts when apt-get fails', async () => {
    const observation = await collect(
      debian({ commands: { [SIMULATE]: { stderr: 'E: Could not get lock\n', exitCode: 100 } } }),
    );
    expect(observation).toMatchObject({
      state: 'ok',
      value: { pendingUpdates: null, pendingSecurityUpdates: null, rebootRequired: true },
    });
    if (observation.state === 'ok')
      expect(observation.evidence).toContainEqual(expect.objectContaining({ kind: 'command', exitCode: 100 }));
  });

  it('falls back to 20auto-upgrades without apt-config, and requires unattended-upgrades installed', async () => {
    const withFile = (installed: boolean) =>
      debian({
        commands: { 'apt-config shell UU APT::Periodic::Unattended-Upgrade': { error: 'VIGIL_EXEC_TIMEOUT' } },
        files: { '/etc/apt/apt.conf.d/20auto-upgrades': fixture('20auto-upgrades.ubuntu.txt') },
        stats: { '/usr/bin/unattended-upgrade': installed ? { mtime: '2024-01-01T00:00:00Z' } : NOT_FOUND },
      });
    expect(await collect(withFile(true))).toMatchObject({ value: { autoUpdates: true } });
    expect(await collect(withFile(false))).toMatchObject({ value: { autoUpdates: false } });
  });

  it('reads rotated logs only when the current ones hold no upgrade', async () => {
    const observation = await collect(
      debian({
        files: {
          '/var/log/apt/history.log':
            'Start-Date: 2024-10-06  10:00:00\nInstall: htop:amd64 (3)\nEnd-Date: 2024-10-06  10:00:02\n',
          '/var/log/apt/history.log.1.gz': fixture('apt-history.ubuntu-22.04.log'),
        },
      }),
    );
    expect(observation).toMatchObject({ value: { lastPatchedAt: new Date('2024-10-01T06:41:15').toISOString() } });
  });
});

describe('collectOsPatchesLinux (no manager)', () => {
  it('is unsupported on a distro with neither apt nor dnf', async () => {
    const { io, unexpected } = createReplayIO({
      name: 'arch',
      now: '2024-10-07T09:00:00.000Z',
      missingTools: ['apt-get', 'dnf'],
      commands: {},
      files: {
        '/etc/os-release': 'ID=arch\nBUILD_ID=rolling\n',
        '/proc/sys/kernel/osrelease': '6.11.1-arch1-1\n',
        // What apt's answer would depend on is read before asking for apt-get (absent here).
        '/var/log/dpkg.log': { error: 'VIGIL_IO_NOT_FOUND' },
      },
      dirs: { '/var/lib/apt/lists': { error: 'VIGIL_IO_NOT_FOUND' } },
      stats: { '/var/lib/apt/periodic/update-success-stamp': { error: 'VIGIL_IO_NOT_FOUND' } },
    });
    expect(await collectOsPatchesLinux(io)).toMatchObject({
      state: 'unsupported',
      reason: expect.stringContaining('arch'),
    });
    expect(unexpected).toEqual([]);
  });
});
