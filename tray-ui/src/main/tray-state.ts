/**
 * The one place that decides what state the tray shows. Rules, in order: no answer from the agent
 * is `unknown`; a personal device whose owner has not accepted (or withdrew) consent is `unknown`
 * (the agent checks nothing, so nothing is current); an expired result is at best `unknown`; a result the service never verified is at
 * best `unknown`; otherwise the worse of the agent's status and its checks, so a failing check can
 * never hide behind a green overall status.
 */
import type { AgentStatus, CheckResult } from '@vigil/shared';
import type { TrayState, UnknownReason } from '../health-view.js';

/** What the tray knows after one poll of the agent. */
export type AgentSnapshot =
  { kind: 'status'; status: AgentStatus } | { kind: 'unreachable'; error: { code: string; message: string } };

export interface DerivedState {
  state: TrayState;
  unknownReason?: UnknownReason;
  /** The signed result is past its validity (shown even when the state stays noncompliant). */
  expired: boolean;
}

const RANK: Record<TrayState, number> = { compliant: 0, warning: 1, unknown: 2, noncompliant: 3 };
const FROM_CHECK: Record<CheckResult, TrayState> = {
  pass: 'compliant',
  warn: 'warning',
  unknown: 'unknown',
  fail: 'noncompliant',
};

export function worse(a: TrayState, b: TrayState): TrayState {
  return RANK[a] >= RANK[b] ? a : b;
}

export function isWorse(next: TrayState, previous: TrayState): boolean {
  return RANK[next] > RANK[previous];
}

export function deriveState(snapshot: AgentSnapshot, now: Date): DerivedState {
  if (snapshot.kind === 'unreachable') return { state: 'unknown', unknownReason: 'agent-unreachable', expired: false };
  const { status } = snapshot;
  const { consent } = status;
  if (consent.required && (consent.state === 'pending' || consent.state === 'withdrawn'))
    return { state: 'unknown', unknownReason: 'consent-needed', expired: false };
  const fromChecks = status.checks.reduce<TrayState>((acc, check) => worse(acc, FROM_CHECK[check.result]), 'compliant');
  const reported = worse(status.status, fromChecks);

  const result = status.result;
  const expired = result !== null && (result.expired || Date.parse(result.validUntil) <= now.getTime());
  if (expired) return capAtUnknown(reported, 'result-expired', true);
  // `local` is the agent's own judgement with no service configured: shown, and labelled as such.
  const verified = status.source === 'local' || (status.source === 'service' && result !== null);
  if (!verified) return capAtUnknown(reported, 'not-verified', false);
  if (reported === 'unknown') return { state: 'unknown', unknownReason: 'status-unknown', expired: false };
  return { state: reported, expired: false };
}

/** Unknown unless the data already says noncompliant: a known failure outranks missing proof. */
function capAtUnknown(reported: TrayState, reason: UnknownReason, expired: boolean): DerivedState {
  if (reported === 'noncompliant') return { state: 'noncompliant', expired };
  return { state: 'unknown', unknownReason: reason, expired };
}
