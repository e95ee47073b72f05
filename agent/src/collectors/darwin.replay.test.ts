/**
 * Whole-device replays of the macOS collectors, run on any CI machine: every command a collector
 * runs must be recorded in the scenario, and every recording must be used.
 */
import { DEFAULT_POLICY, POSTURE_REPORT_SCHEMA_ID, evaluatePolicy } from '@vigil/shared';
import { describe, expect, it } from 'vitest';
import { macos13IntelT2Managed } from './__fixtures__/devices/macos-13-intel-t2-managed.js';
import { macos14AppleSilicon } from './__fixtures__/devices/macos-14-apple-silicon.js';
import { okValue, replayDevice } from './__fixtures__/replay-run.js';

describe('replay: macOS 14 on Apple silicon, user session', () => {
  it('reads every check', async () => {
    const observations = await replayDevice(macos14AppleSilicon);
    expect(okValue(observations, 'os.version')).toEqual({
      platform: 'darwin',
      distroId: 'macos',
      name: 'macOS',
      version: '14.7.1',
      build: '23H222',
      codename: 'Sonoma',
      kernel: 'Darwin 23.6.0',
    });
    expect(okValue(observations, 'os.patches')).toEqual({
      manager: 'softwareupdate',
      pendingUpdates: 4,
      // The Sequoia upgrade and the Command Line Tools are pending but not security updates.
      pendingSecurityUpdates: 2,
      securityPackages: ['macOS Sonoma 14.7.1', 'Safari 18.1'],
      lastPatchedAt: '2024-10-01T07:02:11.000Z', // Safari 18.0; later XProtect data does not count
      listsUpdatedAt: '2024-11-07T07:00:00.000Z', // our probe (newer than macOS's own 06:12 check)
      autoUpdates: true,
      rebootRequired: null,
    });
    expect(
      okValue(observations, 'disk.encryption').volumes.map((v) => [v.mountpoint, v.device, v.state, v.method]),
    ).toEqual([
      ['/System/Volumes/Data', '/dev/disk3s5', 'encrypted', 'filevault'],
      ['/Volumes/Projects', '/dev/disk3s7', 'encrypted', 'filevault'],
    ]);
    expect(okValue(observations, 'net.firewall')).toMatchObject({
      enabled: true,
      defaultInbound: 'deny',
      backends: [{ name: 'socketfilterfw', detail: expect.stringContaining('stealth mode on') }],
    });
    expect(okValue(observations, 'screen.lock')).toMatchObject({
      enabled: true,
      idleSeconds: 600,
      lockDelaySeconds: 0,
      source: 'macos',
    });
    expect(okValue(observations, 'boot.secure')).toMatchObject({ enabled: true, level: 'full' });
    expect(okValue(observations, 'device.tpm')).toMatchObject({ present: true, kind: 'secure-enclave' });
    expect(okValue(observations, 'os.auto_updates')).toMatchObject({ enabled: true, managed: false });
    expect(okValue(observations, 'av.enabled')).toMatchObject({ enabled: true });
    expect(okValue(observations, 'agent.integrity').files).toBe(3);

    const verdict = evaluatePolicy(
      {
        schema: POSTURE_REPORT_SCHEMA_ID,
        device: { platform: 'darwin', arch: 'arm64', ownership: 'managed' },
        agent: { name: 'vigil', version: '0.1.0' },
        collectedAt: macos14AppleSilicon.now,
        observations,
      },
      DEFAULT_POLICY,
      { now: new Date(macos14AppleSilicon.now) },
    );
    expect(verdict.checks.filter((c) => c.result !== 'pass').map((c) => [c.check, c.result])).toEqual([
      ['os.version', 'warn'], // 14.7.1 is below the nudge line (15.0)
      ['os.patches', 'fail'],
    ]);
  });
});

describe('replay: managed macOS 13 (Intel, T2), root daemon, FileVault encrypting', () => {
  it('reads every check, never passing the transition', async () => {
    const observations = await replayDevice(macos13IntelT2Managed);
    expect(okValue(observations, 'os.version')).toMatchObject({
      version: '13.3.1 (a)',
      build: '22E772610a',
      codename: 'Ventura',
    });
    const patches = okValue(observations, 'os.patches');
    // The slow probe had no answer and ran during the check: its answer is fresh.
    expect(patches).toMatchObject({
      pendingUpdates: 1,
      pendingSecurityUpdates: 1,
      listsUpdatedAt: '2023-07-20T10:00:00.000Z',
      lastPatchedAt: null,
      autoUpdates: true,
    });
    expect(okValue(observations, 'disk.encryption').volumes).toEqual([
      expect.objectContaining({
        mountpoint: '/System/Volumes/Data',
        state: 'encrypting',
        percent: 42.5,
        method: 'filevault',
      }),
    ]);
    const firewall = okValue(observations, 'net.firewall');
    expect(firewall).toMatchObject({ enabled: true, defaultInbound: 'deny' });
    expect(firewall.backends[0]?.detail).toContain('from system_profiler');
    expect(firewall.backends[0]?.detail).toContain('managed Mac');
    expect(observations['screen.lock']).toMatchObject({ state: 'error', code: 'VIGIL_COLLECT_NO_USER_SESSION' });
    expect(okValue(observations, 'boot.secure')).toMatchObject({ enabled: true, level: 'medium' });
    expect(okValue(observations, 'device.tpm')).toMatchObject({
      present: true,
      kind: 'secure-enclave',
      detail: expect.stringContaining('T2'),
    });
    expect(okValue(observations, 'os.auto_updates')).toMatchObject({ enabled: true, managed: true });
    const av = okValue(observations, 'av.enabled');
    expect(av.enabled).toBe(false);
    expect(av.products.find((p) => p.name === 'System Integrity Protection')).toMatchObject({
      enabled: false,
      detail: expect.stringContaining('Filesystem Protections'),
    });
    expect(av.products.find((p) => p.name === 'XProtect')).toMatchObject({ upToDate: false });
  });
});
