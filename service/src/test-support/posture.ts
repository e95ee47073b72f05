/** A healthy Linux posture report collected at `at`, with per-check overrides. */
import { POSTURE_REPORT_SCHEMA_ID, type Observations, type PostureReport } from '@vigil/shared';

export function healthyPosture(at: Date, overrides: Partial<Observations> = {}): PostureReport {
  const iso = at.toISOString();
  const evidence = [{ kind: 'command' as const, source: '/usr/bin/true', at: iso, durationMs: 1 }];
  const ok = <V>(value: V) => ({ state: 'ok' as const, value, evidence, collectedAt: iso, durationMs: 1 });
  return {
    schema: POSTURE_REPORT_SCHEMA_ID,
    device: { platform: 'linux', arch: 'x64', hostname: 'bench-host', ownership: 'managed' },
    agent: { name: 'vigil', version: '0.1.0' },
    collectedAt: iso,
    observations: {
      'os.version': ok({ platform: 'linux' as const, distroId: 'ubuntu', name: 'Ubuntu', version: '24.04.1 LTS' }),
      'os.patches': ok({
        manager: 'apt' as const,
        pendingUpdates: 0,
        pendingSecurityUpdates: 0,
        securityPackages: [],
        lastPatchedAt: iso,
        listsUpdatedAt: iso,
        autoUpdates: true,
        rebootRequired: false,
      }),
      'disk.encryption': ok({
        volumes: [
          {
            mountpoint: '/',
            device: '/dev/mapper/root',
            role: 'filesystem' as const,
            state: 'encrypted' as const,
            method: 'luks2',
            detail: 'dm-crypt LUKS2',
          },
          {
            mountpoint: '[swap]',
            device: '/dev/mapper/swap',
            role: 'swap' as const,
            state: 'encrypted' as const,
            method: 'luks2',
            detail: 'dm-crypt LUKS2',
          },
        ],
      }),
      'net.firewall': ok({
        enabled: true,
        defaultInbound: 'deny' as const,
        backends: [
          {
            name: 'nftables' as const,
            active: true,
            defaultInbound: 'deny' as const,
            detail: 'inet filter input policy drop',
          },
        ],
      }),
      ...overrides,
    },
  };
}

/** One unencrypted root volume; `names` replaces its mountpoint, device or detail. */
export const unencryptedDisk = (
  at: Date,
  names: { mountpoint?: string; device?: string; detail?: string } = {},
): Partial<Observations> => {
  const base = healthyPosture(at).observations['disk.encryption'];
  if (base?.state !== 'ok') throw new Error('fixture');
  const volume = { mountpoint: '/', device: '/dev/sda2', detail: 'plain ext4', ...names };
  return {
    'disk.encryption': {
      ...base,
      value: { volumes: [{ ...volume, role: 'filesystem', state: 'unencrypted' }] },
    },
  };
};
