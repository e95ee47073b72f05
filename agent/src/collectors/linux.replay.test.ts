/**
 * Whole-device replays: the real Linux collectors run against recorded outputs of three devices.
 * Any command or file access the recording does not contain fails the test.
 */
import { ObservationsSchema, type CheckValues, type Observations } from '@vigil/shared';
import { describe, expect, it } from 'vitest';
import { debian12Vm } from './__fixtures__/devices/debian-12-vm.js';
import { fedoraWorkstation } from './__fixtures__/devices/fedora-40-workstation.js';
import { ubuntuLaptop } from './__fixtures__/devices/ubuntu-22.04-laptop.js';
import { createReplayIO, unusedRecordings, type DeviceScenario } from './__fixtures__/replay-io.js';
import { collectPosture } from './collect.js';

async function replay(scenario: DeviceScenario): Promise<Observations> {
  const { io, unexpected, served } = createReplayIO(scenario);
  const observations = await collectPosture({ platform: 'linux', io });
  expect(unexpected, `${scenario.name}: unexpected accesses`).toEqual([]);
  // Stale command recordings mean a collector stopped asking for something: keep scenarios honest.
  expect(unusedRecordings(scenario, served).filter((key) => key.startsWith('exec:'))).toEqual([]);
  expect(ObservationsSchema.safeParse(observations).error).toBeUndefined();
  return observations;
}

function ok<C extends keyof CheckValues>(observations: Observations, check: C): CheckValues[C] {
  const observation = observations[check];
  if (observation?.state !== 'ok') throw new Error(`${check}: ${JSON.stringify(observation)}`);
  expect(observation.evidence.length).toBeGreaterThan(0);
  // TypeScript cannot narrow a union indexed by a generic key; the schema check above holds.
  return observation.value as CheckValues[C];
}

const localIso = (wallClock: string) => new Date(wallClock).toISOString();

describe('replay: Debian 12 VM (this machine, recorded)', () => {
  it('reads every check', async () => {
    const observations = await replay(debian12Vm);
    expect(ok(observations, 'os.version')).toEqual({
      platform: 'linux',
      distroId: 'debian',
      name: 'Debian GNU/Linux',
      version: '12 (bookworm)',
      codename: 'bookworm',
      build: '12.11',
      kernel: '6.18.44-fc-v782',
    });
    const patches = ok(observations, 'os.patches');
    expect(patches).toMatchObject({
      manager: 'apt',
      pendingUpdates: 136,
      pendingSecurityUpdates: 85,
      listsUpdatedAt: '2026-11-29T00:42:54.444Z',
      autoUpdates: false,
      rebootRequired: false,
      lastPatchedAt: localIso('2026-11-29T00:53:54'), // history.log End-Date, later than dpkg's unpack line
    });
    expect(patches.securityPackages).toContain('libssl3');
    expect(patches.securityPackages).not.toContain('base-files'); // from Debian:12.15/oldstable only
    expect(ok(observations, 'disk.encryption').volumes).toEqual([
      expect.objectContaining({ mountpoint: '/', device: '/dev/vda', role: 'filesystem', state: 'unencrypted' }),
    ]);
    const firewall = ok(observations, 'net.firewall');
    expect(firewall).toMatchObject({ enabled: false, defaultInbound: 'allow' });
    expect(firewall.backends.map((b) => [b.name, b.active])).toEqual([
      ['nftables', false],
      ['iptables', false],
      ['ip6tables', false],
      ['ufw', false],
    ]);
    expect(firewall.backends[1]?.detail).toContain('iptables-legacy');
  });
});

describe('replay: Ubuntu 22.04 laptop with LUKS2 + LVM and ufw', () => {
  it('reads every check', async () => {
    const observations = await replay(ubuntuLaptop);
    expect(ok(observations, 'os.version')).toMatchObject({
      distroId: 'ubuntu',
      version: '22.04.4 LTS',
      codename: 'jammy',
      kernel: '6.8.0-45-generic',
    });
    const patches = ok(observations, 'os.patches');
    expect(patches).toEqual({
      manager: 'apt',
      pendingUpdates: 12, // 9 upgradable + 3 kept back
      pendingSecurityUpdates: 6,
      securityPackages: ['libssl3', 'openssl', 'curl', 'libcurl4', 'libcurl3-gnutls', 'libyaml-0-2'],
      lastPatchedAt: localIso('2024-10-01T06:41:15'), // the later `apt install htop` is not a patch
      listsUpdatedAt: '2024-10-07T07:14:05.881Z',
      autoUpdates: true,
      rebootRequired: true,
    });
    const volumes = ok(observations, 'disk.encryption').volumes;
    expect(volumes.map((v) => [v.role, v.mountpoint, v.device, v.state, v.method])).toEqual([
      ['filesystem', '/', '/dev/mapper/vgubuntu-root', 'encrypted', 'luks2'],
      ['filesystem', '/boot', '/dev/nvme0n1p2', 'unencrypted', undefined],
      ['filesystem', '/boot/efi', '/dev/nvme0n1p1', 'unencrypted', undefined],
      ['swap', '[SWAP]', '/dev/dm-2', 'encrypted', 'luks2'],
    ]);
    expect(volumes[0]?.detail).toContain('vgubuntu-root');
    expect(volumes[0]?.detail).toContain('aes-xts-plain64');
    const firewall = ok(observations, 'net.firewall');
    expect(firewall).toMatchObject({ enabled: true, defaultInbound: 'deny' });
    expect(firewall.backends.map((b) => [b.name, b.active, b.defaultInbound])).toEqual([
      ['nftables', true, 'deny'],
      ['iptables', true, 'deny'],
      ['ip6tables', true, 'deny'],
      ['ufw', true, 'deny'],
    ]);
  });
});

describe('replay: Fedora 40 workstation with LUKS2 + btrfs, firewalld and dnf', () => {
  it('reads every check', async () => {
    const observations = await replay(fedoraWorkstation);
    expect(ok(observations, 'os.version')).toEqual({
      platform: 'linux',
      distroId: 'fedora',
      name: 'Fedora Linux',
      version: '40 (Workstation Edition)',
      kernel: '6.10.10-200.fc40.x86_64',
    });
    expect(ok(observations, 'os.patches')).toEqual({
      manager: 'dnf',
      pendingUpdates: 10,
      pendingSecurityUpdates: 7,
      securityPackages: ['curl', 'firefox', 'kernel', 'kernel-core', 'kernel-modules', 'libcurl', 'openssl-libs'],
      lastPatchedAt: '2024-10-05T07:12:44.000Z',
      listsUpdatedAt: '2024-10-07T07:37:02.000Z',
      autoUpdates: false,
      rebootRequired: true,
    });
    const volumes = ok(observations, 'disk.encryption').volumes;
    // /home is the same btrfs device as /, and zram swap is RAM: neither is a volume of its own.
    expect(volumes.map((v) => [v.mountpoint, v.state, v.method])).toEqual([
      ['/', 'encrypted', 'luks2'],
      ['/boot', 'unencrypted', undefined],
      ['/boot/efi', 'unencrypted', undefined],
    ]);
    const firewall = ok(observations, 'net.firewall');
    expect(firewall).toMatchObject({ enabled: true, defaultInbound: 'deny' });
    expect(firewall.backends.map((b) => [b.name, b.active, b.defaultInbound])).toEqual([
      ['nftables', true, 'deny'],
      ['iptables', false, 'allow'],
      ['ip6tables', false, 'allow'],
      ['firewalld', true, 'deny'],
    ]);
  });
});

describe('replay: the device checks on the three Linux machines', () => {
  it('reads Secure Boot, TPM, automatic updates, antivirus and the agent from recordings', async () => {
    const debian = await replay(debian12Vm);
    expect(debian['boot.secure']).toMatchObject({
      state: 'unsupported',
      reason: expect.stringContaining('legacy BIOS'),
    });
    expect(ok(debian, 'device.tpm')).toMatchObject({ present: false, kind: 'tpm', version: null });
    expect(ok(debian, 'os.auto_updates')).toMatchObject({ enabled: false, mechanism: 'unattended-upgrades' });
    expect(debian['av.enabled']).toMatchObject({
      state: 'unsupported',
      reason: expect.stringContaining('no known antivirus agent'),
    });
    // The replay IO describes no user session: screen lock is an error, never a schema default.
    expect(debian['screen.lock']).toMatchObject({ state: 'error', code: 'VIGIL_COLLECT_NO_USER_SESSION' });
    expect(ok(debian, 'agent.integrity')).toMatchObject({
      version: '0.1.0',
      files: 3,
      algorithm: 'sha256-manifest-v1',
    });

    const ubuntu = await replay(ubuntuLaptop);
    expect(ok(ubuntu, 'boot.secure')).toMatchObject({ enabled: true, setupMode: false, level: null });
    expect(ok(ubuntu, 'device.tpm')).toMatchObject({ present: true, version: '2.0' });
    expect(ok(ubuntu, 'os.auto_updates')).toMatchObject({
      enabled: true,
      detail: expect.stringContaining('unattended-upgrades installed'),
    });

    const fedora = await replay(fedoraWorkstation);
    expect(ok(fedora, 'os.auto_updates')).toMatchObject({ enabled: false, mechanism: 'dnf-automatic' });
    expect(ok(fedora, 'av.enabled')).toEqual({
      enabled: true,
      products: [
        {
          name: 'ClamAV',
          enabled: true,
          realTime: false,
          upToDate: true,
          detail: 'running, on-access scanning off, signatures 0 day(s) old',
        },
      ],
    });
  });
});
