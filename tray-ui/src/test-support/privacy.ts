/**
 * What the agent's `GET /v1/privacy` answers for a personal Linux device, at the fixed clock of
 * statuses.ts: the statement, the last report as sent (valid evidence claims) and the activity log.
 */
import {
  CONSENT_STATEMENT,
  EAT_PROFILE,
  POSTURE_REPORT_SCHEMA_ID,
  PrivacyViewSchema,
  type PrivacyView as AgentPrivacy,
} from '@vigil/shared';

const at = (hhmm: string): string => `2025-01-06T${hhmm}:00.000Z`;

export const LAST_REPORT_CLAIMS = {
  eat_profile: EAT_PROFILE,
  ueid: '6f1d2c3b-4a59-4e8f-9d7c-0a1b2c3d4e5f',
  iat: Date.parse(at('09:41')) / 1000,
  eat_nonce: 'bm9uY2Utb2YtdGhlLXNlcnZpY2U',
  jti: 'report-0007-9f2e',
  seq: 7,
  prev: 'q1bXkH6w1mJX8l0nE6J1m2c1w0dYhV4Ck5F3oGmR7sA',
  agent: { name: 'vigil', version: '0.1.0' },
  posture: {
    schema: POSTURE_REPORT_SCHEMA_ID,
    device: { platform: 'linux', arch: 'x64', ownership: 'personal' },
    agent: { name: 'vigil', version: '0.1.0' },
    collectedAt: at('09:41'),
    observations: {
      'os.patches': {
        state: 'ok',
        value: {
          manager: 'apt',
          pendingUpdates: 3,
          pendingSecurityUpdates: 1,
          securityPackages: ['openssl'],
          lastPatchedAt: at('08:00'),
          listsUpdatedAt: at('09:00'),
          autoUpdates: true,
          rebootRequired: false,
        },
        evidence: [{ kind: 'command', source: '/usr/bin/apt-get -s upgrade', at: at('09:41'), durationMs: 812 }],
        collectedAt: at('09:41'),
        durationMs: 812,
      },
      'disk.encryption': {
        state: 'ok',
        value: {
          volumes: [
            {
              mountpoint: '/',
              device: '/dev/mapper/root',
              role: 'filesystem',
              state: 'encrypted',
              method: 'luks2',
              detail: 'dm-crypt LUKS2',
            },
          ],
        },
        evidence: [
          { kind: 'command', source: '/usr/sbin/cryptsetup status root', at: at('09:41'), durationMs: 20, exitCode: 0 },
        ],
        collectedAt: at('09:41'),
        durationMs: 20,
      },
      'screen.lock': { state: 'unsupported', reason: 'no desktop session is running', collectedAt: at('09:41') },
      'net.firewall': {
        state: 'error',
        code: 'VIGIL_EXEC_TIMEOUT',
        message: 'nft did not answer within 5 s',
        collectedAt: at('09:41'),
      },
    },
  },
};

export function agentPrivacy(overrides: Partial<AgentPrivacy> = {}): AgentPrivacy {
  const privacy = {
    statement: { version: CONSENT_STATEMENT.version, text: CONSENT_STATEMENT.text },
    lastReport: { sentAt: at('09:41'), claims: LAST_REPORT_CLAIMS },
    activity: [
      { at: at('09:41'), kind: 'push', requester: 'schedule', outcome: 'delivered' },
      { at: at('09:40'), kind: 'check-now', requester: 'tray (pid 4242, self-reported)', outcome: 'accepted' },
      { at: at('08:30'), kind: 'consent', requester: 'tray', outcome: 'accepted statement 1' },
    ],
    ...overrides,
  };
  // The fixture must be what a real agent could send.
  PrivacyViewSchema.parse(privacy);
  return privacy as AgentPrivacy;
}
