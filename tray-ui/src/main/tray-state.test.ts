import { describe, expect, it } from 'vitest';
import { CHECKS, NOW, SCENARIOS, status } from '../test-support/statuses.js';
import { deriveState, isWorse, worse } from './tray-state.js';

describe('deriveState', () => {
  it.each([
    ['compliant', { state: 'compliant', expired: false }],
    ['warning', { state: 'warning', expired: false }],
    ['noncompliant', { state: 'noncompliant', expired: false }],
    ['expired', { state: 'unknown', unknownReason: 'result-expired', expired: true }],
    ['unreachable', { state: 'unknown', unknownReason: 'agent-unreachable', expired: false }],
    ['checkUnknown', { state: 'unknown', unknownReason: 'status-unknown', expired: false }],
  ] as const)('%s', (name, expected) => {
    expect(deriveState(SCENARIOS[name](), NOW)).toEqual(expected);
  });

  it('is never green when a check fails, whatever the overall status says', () => {
    const snapshot = { kind: 'status', status: status({ status: 'compliant', checks: [CHECKS.diskFail] }) } as const;
    expect(deriveState(snapshot, NOW).state).toBe('noncompliant');
    const warned = { kind: 'status', status: status({ status: 'compliant', checks: [CHECKS.firewallWarn] }) } as const;
    expect(deriveState(warned, NOW).state).toBe('warning');
  });

  it('treats a result past validUntil as expired even if the agent has not flagged it yet', () => {
    const snapshot = {
      kind: 'status',
      status: status({
        result: { verifiedAt: '2025-01-06T03:00:00.000Z', validUntil: '2025-01-06T09:59:59.000Z', expired: false },
      }),
    } as const;
    expect(deriveState(snapshot, NOW)).toEqual({ state: 'unknown', unknownReason: 'result-expired', expired: true });
  });

  it('keeps a known failure when the result has also expired', () => {
    const snapshot = {
      kind: 'status',
      status: status({
        status: 'noncompliant',
        checks: [CHECKS.diskFail],
        result: { verifiedAt: '2025-01-06T01:00:00.000Z', validUntil: '2025-01-06T07:00:00.000Z', expired: true },
      }),
    } as const;
    expect(deriveState(snapshot, NOW)).toEqual({ state: 'noncompliant', expired: true });
  });

  it('is unknown (not verified) without a service result', () => {
    expect(deriveState({ kind: 'status', status: status({ source: 'none', result: null }) }, NOW)).toMatchObject({
      state: 'unknown',
      unknownReason: 'not-verified',
    });
    expect(deriveState({ kind: 'status', status: status({ source: 'service', result: null }) }, NOW)).toMatchObject({
      state: 'unknown',
      unknownReason: 'not-verified',
    });
  });

  it("shows the agent's own judgement when no service is configured", () => {
    expect(deriveState({ kind: 'status', status: status({ source: 'local', result: null }) }, NOW)).toEqual({
      state: 'compliant',
      expired: false,
    });
  });
});

describe('state order', () => {
  it('ranks compliant < warning < unknown < noncompliant', () => {
    expect(worse('compliant', 'warning')).toBe('warning');
    expect(worse('unknown', 'warning')).toBe('unknown');
    expect(worse('unknown', 'noncompliant')).toBe('noncompliant');
    expect(isWorse('unknown', 'compliant')).toBe(true);
    expect(isWorse('compliant', 'noncompliant')).toBe(false);
    expect(isWorse('warning', 'warning')).toBe(false);
  });
});
