/**
 * The per-request half of a decision, run on every request whether the token came from the
 * cache or was just verified: time (exp, max age), the `cnf` binding to this connection's
 * certificate, revocations, the recomputed status and this route's mandatory checks.
 */
import { equalConstantTime } from '@vigil/shared';
import { reason, type Reason } from '../reasons.js';
import { refuse, type Decision } from './decision.js';
import type { RevocationStore } from './revocation.js';
import type { TokenFacts } from './token-facts.js';

export interface AppraisalContext {
  nowMs: number;
  certThumbprint: string;
  maxAgeSeconds: number;
  clockToleranceSeconds: number;
  allowWarning: boolean;
  mandatoryChecks: readonly string[];
  revocations: RevocationStore | undefined;
}

export function appraise(facts: TokenFacts, ctx: AppraisalContext): Decision {
  // Whole seconds, as jose compares them, so cached and fresh verifications agree.
  const now = Math.floor(ctx.nowMs / 1000);
  const known = { device: facts.device, checks: facts.checks, expiresAt: facts.expiresAt, policy: facts.policy };
  // Token-level problems first: they are 401s and make the rest moot.
  if (now - ctx.clockToleranceSeconds >= facts.exp) return refuse([reason('VIGIL_GATEWAY_EXPIRED')], known);
  if (now - facts.iat > ctx.maxAgeSeconds + ctx.clockToleranceSeconds)
    return refuse([reason('VIGIL_GATEWAY_TOO_OLD')], known);
  if (!equalConstantTime(facts.cnf, ctx.certThumbprint)) return refuse([reason('VIGIL_GATEWAY_CNF_MISMATCH')], known);

  const reasons: Reason[] = [];
  const revokedThrough = ctx.revocations?.revokedThrough(facts.device.id);
  if (revokedThrough !== undefined && facts.iat <= revokedThrough) {
    reasons.push(reason('VIGIL_GATEWAY_REVOKED', `event at ${new Date(revokedThrough * 1000).toISOString()}`));
  }
  const allowed = facts.status === 'affirming' || (facts.status === 'warning' && ctx.allowWarning);
  if (!allowed) {
    const failing = facts.checks.filter((c) => c.result === 'fail').map((c) => c.check);
    reasons.push(
      reason(
        'VIGIL_GATEWAY_NONCOMPLIANT',
        `status ${facts.status}${failing.length ? `; failing: ${failing.join(', ')}` : ''}`,
      ),
    );
  }
  for (const check of ctx.mandatoryChecks) {
    const result = facts.checkResults.get(check);
    // Absent is not a pass: a route that needs a check needs evidence of it.
    if (result !== 'pass')
      reasons.push(reason('VIGIL_GATEWAY_CHECK_FAILED', `${check} is ${result ?? 'not reported'}`));
  }
  if (reasons.length > 0) return refuse(reasons, { ...known, status: facts.status });
  return {
    allow: true,
    httpStatus: 200,
    reasons: [],
    device: facts.device,
    status: facts.status,
    checks: facts.checks,
    expiresAt: facts.expiresAt,
    policy: facts.policy,
  };
}
