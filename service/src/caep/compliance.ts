/**
 * When a report changes whether a device may get access, receivers hear about it. "Access" is
 * what a gateway would decide from the EAR: a verdict the policy blocks, or a forked device, is
 * `not-compliant` (the trust vector then has a contraindicated claim); anything else is
 * `compliant`. Only a change between the previous stored verdict and the new one is an event.
 */
import type { Verdict } from '@vigil/shared';
import type { ComplianceChange } from './transmitter.js';

export type AccessStatus = 'compliant' | 'not-compliant';

export function accessStatus(verdict: Pick<Verdict, 'enforcement'>, forked: boolean): AccessStatus {
  return verdict.enforcement.action === 'block' || forked ? 'not-compliant' : 'compliant';
}

/** The access status behind a stored verdict (JSON of a `Verdict`); undefined when unreadable. */
export function storedAccessStatus(verdictJson: string | undefined, forked: boolean): AccessStatus | undefined {
  if (verdictJson === undefined) return forked ? 'not-compliant' : undefined;
  try {
    const verdict = JSON.parse(verdictJson) as Partial<Verdict>;
    if (typeof verdict.enforcement?.action !== 'string') return undefined;
    return accessStatus(verdict as Pick<Verdict, 'enforcement'>, forked);
  } catch {
    return undefined;
  }
}

/**
 * The event for a report, or undefined when access did not change. With no previous verdict
 * (first report) nothing changed for a gateway: it has never seen an affirming result.
 */
export function complianceChangeFor(input: {
  deviceId: string;
  previous: AccessStatus | undefined;
  verdict: Pick<Verdict, 'enforcement' | 'checks'>;
  forked: boolean;
  now: Date;
}): ComplianceChange | undefined {
  const status = accessStatus(input.verdict, input.forked);
  if (input.previous === undefined || input.previous === status) return undefined;
  return {
    deviceId: input.deviceId,
    status,
    previousStatus: input.previous,
    reasonAdmin: status === 'compliant' ? 'compliant again' : blockReason(input.verdict, input.forked),
    timestamp: input.now,
  };
}

function blockReason(verdict: Pick<Verdict, 'enforcement' | 'checks'>, forked: boolean): string {
  if (forked) return 'forked';
  const failing = verdict.checks.filter((c) => c.result === 'fail').map((c) => c.check);
  return failing.length > 0 ? `policy blocks: ${failing.join(', ')}` : 'policy blocks';
}
