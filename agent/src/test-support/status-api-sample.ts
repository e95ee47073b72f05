/** A valid AgentStatus for the status API tests (agent/src/status-api). */
import { AGENT_STATUS_SCHEMA_ID, type AgentStatus } from '@vigil/shared/core';

export function sampleStatus(overrides: Partial<AgentStatus> = {}): AgentStatus {
  return {
    schema: AGENT_STATUS_SCHEMA_ID,
    agent: { name: 'vigil', version: '0.1.0', startedAt: '2025-01-06T08:00:00.000Z' },
    device: { id: 'dev-1', enrolled: true, platform: 'linux', ownership: 'managed' },
    status: 'compliant',
    source: 'service',
    result: { verifiedAt: '2025-01-06T09:41:00.000Z', validUntil: '2025-01-06T15:41:00.000Z', expired: false },
    lastCollectedAt: '2025-01-06T09:40:00.000Z',
    lastPushedAt: '2025-01-06T09:41:00.000Z',
    nextCollectionAt: '2025-01-06T10:40:00.000Z',
    certificate: null,
    service: { url: 'https://vigil.example.com', reachable: true, checkedAt: '2025-01-06T09:41:00.000Z' },
    checks: [
      {
        check: 'disk.encryption',
        title: 'Disk encryption',
        result: 'pass',
        reason: 'every volume is encrypted',
        evidence: [{ kind: 'command', source: '/usr/bin/lsblk -J', at: '2025-01-06T09:40:00.000Z', durationMs: 12 }],
      },
    ],
    policy: { id: 'vigil-default', allowHideWhenHealthy: true },
    problems: [],
    consent: { required: false, state: 'not-required', statementVersion: '1', decidedAt: null },
    ...overrides,
  };
}
