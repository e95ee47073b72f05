/**
 * Agent statuses for every tray state, at a fixed clock (2025-01-06 10:00 UTC) and zone (UTC), so
 * texts such as "Verified 19 min ago · valid until 15:41" are stable in tests and screenshots.
 */
import { AGENT_STATUS_SCHEMA_ID, AgentStatusSchema, type AgentStatus, type StatusCheck } from '@vigil/shared';
import type { AgentSnapshot } from '../main/tray-state.js';

export const NOW = new Date('2025-01-06T10:00:00.000Z');
export const TIME_ZONE = 'UTC';

const at = (iso: string): string => `2025-01-06T${iso}:00.000Z`;

export const CHECKS = {
  versionPass: {
    check: 'os.version',
    title: 'Operating system version',
    result: 'pass',
    reason: 'Ubuntu 24.04.1 LTS is supported',
    evidence: [{ kind: 'file', source: '/etc/os-release', at: at('09:40'), durationMs: 1 }],
  },
  patchesPass: {
    check: 'os.patches',
    title: 'Security updates',
    result: 'pass',
    reason: 'no pending security updates',
    evidence: [{ kind: 'command', source: '/usr/bin/apt-get -s upgrade', at: at('09:40'), durationMs: 820 }],
  },
  diskPass: {
    check: 'disk.encryption',
    title: 'Disk encryption',
    result: 'pass',
    reason: 'every volume is encrypted (LUKS2)',
    evidence: [
      { kind: 'command', source: '/usr/bin/lsblk -J -o NAME,TYPE,MOUNTPOINTS', at: at('09:41'), durationMs: 14 },
      { kind: 'command', source: '/usr/sbin/cryptsetup status root', at: at('09:41'), durationMs: 20 },
    ],
  },
  diskFail: {
    check: 'disk.encryption',
    title: 'Disk encryption',
    result: 'fail',
    reason: 'not encrypted',
    remediation:
      'Linux disks are encrypted with LUKS when the system is installed.\nBack up your files and ask IT to reinstall with "Encrypt the new installation" selected.',
    remediationUrl: 'https://help.example.com/vigil/disk-encryption',
    evidence: [
      { kind: 'command', source: '/usr/bin/lsblk -J -o NAME,TYPE,MOUNTPOINTS', at: at('09:41'), durationMs: 14 },
    ],
  },
  firewallFail: {
    check: 'net.firewall',
    title: 'Firewall',
    result: 'fail',
    reason: 'no active firewall blocks incoming connections',
    remediation: 'Turn the firewall on: on Ubuntu run "sudo ufw enable".',
    evidence: [{ kind: 'command', source: '/usr/sbin/nft -j list ruleset', at: at('09:41'), durationMs: 9 }],
  },
  firewallWarn: {
    check: 'net.firewall',
    title: 'Firewall',
    result: 'warn',
    reason: 'no active firewall blocks incoming connections (fix before 2025-01-08T14:00:00.000Z to keep access)',
    remediation: 'Turn the firewall on: on Ubuntu run "sudo ufw enable".',
    remediationUrl: 'https://evil.example.net/phish',
    deadline: '2025-01-08T14:00:00.000Z',
    evidence: [{ kind: 'command', source: '/usr/sbin/ufw status verbose', at: at('09:41'), durationMs: 31 }],
  },
  patchesUnknown: {
    check: 'os.patches',
    title: 'Security updates',
    result: 'unknown',
    reason: 'could not be read: apt-get timed out (VIGIL_EXEC_TIMEOUT)',
    evidence: [],
  },
} satisfies Record<string, StatusCheck>;

export function status(overrides: Partial<AgentStatus> = {}): AgentStatus {
  return AgentStatusSchema.parse({
    schema: AGENT_STATUS_SCHEMA_ID,
    agent: { name: 'vigil', version: '0.1.0', startedAt: at('08:00') },
    device: { id: 'dev-7f3a', enrolled: true, platform: 'linux', ownership: 'managed' },
    status: 'compliant',
    source: 'service',
    enforcement: { mode: 'warn-then-block', action: 'allow' },
    result: { verifiedAt: at('09:41'), validUntil: at('15:41'), expired: false },
    lastCollectedAt: at('09:41'),
    lastPushedAt: at('09:41'),
    nextCollectionAt: at('10:41'),
    certificate: null,
    service: { url: 'https://vigil.example.com', reachable: true, checkedAt: at('09:41') },
    checks: [CHECKS.versionPass, CHECKS.patchesPass, CHECKS.diskPass],
    policy: { id: 'corp-baseline', allowHideWhenHealthy: true, helpUrl: 'https://help.example.com/vigil' },
    problems: [],
    consent: { required: false, state: 'not-required', statementVersion: '1', decidedAt: null },
    ...overrides,
  });
}

/** A personal device's status in each consent state: nothing collected until accepted. */
export function personalStatus(state: 'pending' | 'accepted' | 'withdrawn'): AgentStatus {
  const device = { id: 'dev-7f3a', enrolled: true, platform: 'linux' as const, ownership: 'personal' as const };
  const consent = {
    required: true,
    state,
    statementVersion: '1',
    decidedAt: state === 'pending' ? null : state === 'accepted' ? '2025-01-03T08:30:00.000Z' : at('09:15'),
  };
  if (state === 'accepted') return status({ device, consent });
  return status({
    device,
    consent,
    status: 'unknown',
    source: 'none',
    result: null,
    lastCollectedAt: null,
    lastPushedAt: state === 'withdrawn' ? at('09:10') : null,
    nextCollectionAt: null,
    checks: [],
  });
}

/** One snapshot per state the tray must handle, named as in the acceptance list. */
export const SCENARIOS = {
  compliant: (): AgentSnapshot => ({ kind: 'status', status: status() }),
  warning: (): AgentSnapshot => ({
    kind: 'status',
    status: status({
      status: 'warning',
      enforcement: { mode: 'warn-then-block', action: 'warn' },
      deadline: '2025-01-08T14:00:00.000Z',
      checks: [CHECKS.versionPass, CHECKS.patchesPass, CHECKS.diskPass, CHECKS.firewallWarn],
    }),
  }),
  noncompliant: (): AgentSnapshot => ({
    kind: 'status',
    status: status({
      status: 'noncompliant',
      enforcement: { mode: 'block', action: 'block' },
      checks: [CHECKS.versionPass, CHECKS.patchesPass, CHECKS.diskFail, CHECKS.firewallFail],
    }),
  }),
  expired: (): AgentSnapshot => ({
    kind: 'status',
    status: status({
      result: { verifiedAt: '2025-01-06T01:10:00.000Z', validUntil: '2025-01-06T07:10:00.000Z', expired: true },
      service: {
        url: 'https://vigil.example.com',
        reachable: false,
        checkedAt: at('09:55'),
        lastError: { code: 'VIGIL_PUSH_UNREACHABLE', message: 'offline' },
      },
    }),
  }),
  unreachable: (): AgentSnapshot => ({
    kind: 'unreachable',
    error: {
      code: 'VIGIL_TRAY_AGENT_UNREACHABLE',
      message: 'cannot reach the agent on /run/vigil/status.sock: the agent is not running',
    },
  }),
  consentPending: (): AgentSnapshot => ({ kind: 'status', status: personalStatus('pending') }),
  consentWithdrawn: (): AgentSnapshot => ({ kind: 'status', status: personalStatus('withdrawn') }),
  personalAccepted: (): AgentSnapshot => ({ kind: 'status', status: personalStatus('accepted') }),
  checkUnknown: (): AgentSnapshot => ({
    kind: 'status',
    status: status({ status: 'unknown', checks: [CHECKS.versionPass, CHECKS.patchesUnknown, CHECKS.diskPass] }),
  }),
} as const;

export type ScenarioName = keyof typeof SCENARIOS;
