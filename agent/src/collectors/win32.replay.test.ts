/**
 * Whole-device replays of the Windows collectors, run on any CI machine. PowerShell runs are
 * matched by script name; a script that is not one of the fixed ones is an unexpected command.
 */
import { DEFAULT_POLICY, POSTURE_REPORT_SCHEMA_ID, evaluatePolicy, type Observations } from '@vigil/shared';
import { describe, expect, it } from 'vitest';
import { windows10DesktopUser } from './__fixtures__/devices/windows-10-desktop-user.js';
import { windows11Laptop } from './__fixtures__/devices/windows-11-laptop.js';
import { okValue, replayDevice } from './__fixtures__/replay-run.js';

const judge = (observations: Observations, now: string) =>
  evaluatePolicy(
    {
      schema: POSTURE_REPORT_SCHEMA_ID,
      device: { platform: 'win32', arch: 'x64', ownership: 'managed' },
      agent: { name: 'vigil', version: '0.1.0' },
      collectedAt: now,
      observations,
    },
    DEFAULT_POLICY,
    { now: new Date(now) },
  );

describe('replay: Windows 11 laptop as SYSTEM', () => {
  it('reads every check', async () => {
    const observations = await replayDevice(windows11Laptop);
    expect(okValue(observations, 'os.version')).toEqual({
      platform: 'win32',
      distroId: 'windows',
      name: 'Windows 11 Pro',
      version: '23H2',
      build: '10.0.22631.4460',
    });
    expect(okValue(observations, 'os.patches')).toEqual({
      manager: 'windows-update',
      pendingUpdates: 3,
      pendingSecurityUpdates: 1, // the cumulative update; Defender signatures and .NET are not
      securityPackages: ['KB5046633'],
      lastPatchedAt: '2024-10-09T17:02:55.000Z', // the CU; the later signature update does not count
      listsUpdatedAt: '2024-11-13T06:00:00.000Z',
      autoUpdates: true,
      rebootRequired: true,
    });
    expect(okValue(observations, 'disk.encryption').volumes.map((v) => [v.mountpoint, v.state, v.method])).toEqual([
      ['C:', 'encrypted', 'bitlocker'],
      ['D:', 'encrypted', 'bitlocker'],
    ]);
    const firewall = okValue(observations, 'net.firewall');
    expect(firewall).toMatchObject({ enabled: true, defaultInbound: 'deny' });
    expect(firewall.backends.map((b) => b.detail)).toEqual([
      'Domain profile: on, inbound default Block',
      'Private profile: on, inbound default Block',
      'Public profile: on, inbound default Block',
    ]);
    expect(okValue(observations, 'screen.lock')).toMatchObject({
      enabled: true,
      idleSeconds: 900,
      source: 'windows-policy',
    });
    expect(okValue(observations, 'boot.secure')).toMatchObject({ enabled: true });
    expect(okValue(observations, 'device.tpm')).toMatchObject({ present: true, version: '2.0', ready: true });
    expect(okValue(observations, 'av.enabled').products).toEqual([
      expect.objectContaining({ name: 'Microsoft Defender Antivirus', enabled: true, realTime: true, upToDate: true }),
    ]);
    expect(okValue(observations, 'agent.integrity').files).toBe(1);
    const verdict = judge(observations, windows11Laptop.now);
    expect(verdict.checks.filter((c) => c.result !== 'pass').map((c) => [c.check, c.result])).toEqual([
      ['os.patches', 'fail'],
    ]);
  });
});

describe('replay: Windows 10 desktop, standard user', () => {
  it('turns what needs administrator rights into errors and judges the rest', async () => {
    const observations = await replayDevice(windows10DesktopUser);
    expect(okValue(observations, 'os.version')).toMatchObject({
      name: 'Windows 10 Enterprise',
      version: '22H2',
      build: '10.0.19045.5131',
    });
    expect(okValue(observations, 'os.patches')).toMatchObject({
      pendingUpdates: 0,
      pendingSecurityUpdates: 0,
      listsUpdatedAt: windows10DesktopUser.now, // the search ran during the check
      lastPatchedAt: '2024-10-08T00:00:00.000Z', // from the hotfix list, history being denied
      rebootRequired: true,
    });
    expect(observations['disk.encryption']).toMatchObject({
      state: 'error',
      code: 'VIGIL_COLLECT_PERMISSION_DENIED',
      message: expect.stringContaining('administrator'),
    });
    expect(observations['device.tpm']).toMatchObject({ state: 'error', code: 'VIGIL_COLLECT_PERMISSION_DENIED' });
    expect(okValue(observations, 'net.firewall')).toMatchObject({ enabled: false, defaultInbound: 'allow' });
    expect(okValue(observations, 'screen.lock')).toMatchObject({
      enabled: true,
      idleSeconds: 600,
      source: 'windows-screensaver',
    });
    expect(okValue(observations, 'boot.secure')).toMatchObject({
      enabled: true,
      detail: expect.stringContaining('registry'),
    });
    expect(okValue(observations, 'os.auto_updates')).toMatchObject({
      enabled: true,
      pausedUntil: '2024-11-14T08:40:13.000Z',
    });
    const verdict = judge(observations, windows10DesktopUser.now);
    const results = Object.fromEntries(verdict.checks.map((c) => [c.check, c.result]));
    expect(results).toMatchObject({
      'disk.encryption': 'unknown',
      'net.firewall': 'fail',
      'av.enabled': 'fail', // real-time protection off
      'os.auto_updates': 'warn', // suggested, and paused
      'device.tpm': 'warn', // suggested: unreadable is a warning, not a pass
      'screen.lock': 'pass',
    });
    expect(verdict.checks.find((c) => c.check === 'net.firewall')?.reason).toContain('Public profile: off');
  });
});
