/**
 * What a verified EAR says, reduced once per token (and cached with it): the device, the per-check
 * results, and the status *recomputed* from every signal in the token — the AR4SI vector (via
 * @vigil/shared, where 0 and absent are the same), the per-check results and the verdict summary.
 * The token's own `ear_status` can only make things worse, never better.
 */
import { DEVICE_URN_PREFIX, worstStatus, type EarStatus, type VerifiedEar } from '@vigil/shared';
import type { CheckOutcome, DeviceRef } from './decision.js';

export interface TokenFacts {
  device: DeviceRef;
  iat: number;
  exp: number;
  cnf: string;
  status: EarStatus;
  checks: readonly CheckOutcome[];
  checkResults: ReadonlyMap<string, CheckOutcome['result']>;
  policy: { id: string; hash: string };
  expiresAt: Date;
}

export function tokenFacts(verified: VerifiedEar): TokenFacts {
  const { claims } = verified;
  // No `reason` member at all when the token has none (personal devices), not `undefined`:
  // the JSON refusal then shows exactly what the token said.
  const checks: CheckOutcome[] = Object.entries(claims.vigil_checks).map(([check, c]) =>
    c.reason === undefined ? { check, result: c.result } : { check, result: c.result, reason: c.reason },
  );
  const fromChecks = checks.map((c) => CHECK_TIER[c.result]);
  const fromVerdict = verdictTier(claims.vigil_verdict);
  return {
    device: { id: claims.sub.slice(DEVICE_URN_PREFIX.length), uri: claims.sub },
    iat: claims.iat,
    exp: claims.exp,
    cnf: claims.cnf['x5t#S256'],
    status: worstStatus(verified.status, fromVerdict, ...fromChecks),
    checks,
    checkResults: new Map(checks.map((c) => [c.check, c.result])),
    policy: { id: claims.vigil_policy.id, hash: claims.vigil_policy.hash },
    expiresAt: new Date(claims.exp * 1000),
  };
}

/**
 * Consistent with the service's vector (service/src/appraisal/trust-vector.ts): a token with any
 * check not passing cannot be affirming; whether a failure blocks is the policy's call, carried
 * by `vigil_verdict.action` (and configuration 96). Operators who want every imperfection refused
 * run with `allowWarning: false`; routes that need a check name it as mandatory (must be `pass`).
 */
const CHECK_TIER: Record<CheckOutcome['result'], EarStatus> = {
  pass: 'affirming',
  warn: 'warning',
  unknown: 'warning',
  fail: 'warning',
};

function verdictTier(verdict: VerifiedEar['claims']['vigil_verdict']): EarStatus {
  if (verdict.action === 'block') return 'contraindicated';
  return verdict.status === 'compliant' ? 'affirming' : 'warning';
}
