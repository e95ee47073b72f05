/** Test fixtures: a healthy posture report and evidence claims around it. */
import { POSTURE_REPORT_SCHEMA_ID, type PostureReport } from '../../posture.js';
import { EAT_PROFILE, type EvidenceClaimsInput } from '../evidence-claims.js';

export const DEVICE_ID = '0b7e4a52-3c1d-4f7a-9a51-2b8f6c1d9e00';

export function healthyPosture(at = new Date()): PostureReport {
  const iso = at.toISOString();
  const evidence = [{ kind: 'command' as const, source: '/usr/bin/true', at: iso, durationMs: 1 }];
  const ok = <V>(value: V) => ({ state: 'ok' as const, value, evidence, collectedAt: iso, durationMs: 1 });
  return {
    schema: POSTURE_REPORT_SCHEMA_ID,
    device: { platform: 'linux', arch: 'x64', ownership: 'managed' },
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
        volumes: [{ mountpoint: '/', device: '/dev/mapper/root', role: 'filesystem' as const, state: 'encrypted' as const, method: 'luks2', detail: 'luks2' }],
      }),
      'net.firewall': ok({
        enabled: true,
        defaultInbound: 'deny' as const,
        backends: [{ name: 'nftables' as const, active: true, defaultInbound: 'deny' as const, detail: 'policy drop' }],
      }),
    },
  };
}

export function evidenceClaims(overrides: Partial<EvidenceClaimsInput> = {}): EvidenceClaimsInput {
  return {
    eat_profile: EAT_PROFILE,
    ueid: DEVICE_ID,
    iat: Math.floor(Date.now() / 1000),
    eat_nonce: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    jti: 'report-0001',
    seq: 1,
    agent: { name: 'vigil', version: '0.1.0' },
    posture: healthyPosture(),
    ...overrides,
  };
}
