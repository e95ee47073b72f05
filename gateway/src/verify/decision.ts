/** What the gateway decided about one request, and why. */
import type { EarStatus } from '@vigil/shared';
import { REASONS, type Reason } from '../reasons.js';

export type CheckResult = 'pass' | 'warn' | 'fail' | 'unknown';

export interface CheckOutcome {
  check: string;
  result: CheckResult;
  /**
   * The service's explanation, shown to the user on a refusal. Absent for personal (BYOD)
   * devices, whose EARs carry results only: the result alone is what the decision rests on.
   */
  reason?: string;
}

export interface DeviceRef {
  /** The device id (a UUID). */
  id: string;
  /** `urn:vigil:device:<id>`, the EAR `sub`. */
  uri: string;
}

export interface Decision {
  allow: boolean;
  /** 200, or the status a forward-auth answer carries (see reasons.ts). */
  httpStatus: 200 | 401 | 403 | 503;
  /** Empty when allowed. */
  reasons: readonly Reason[];
  /** Known once the token verified, also on refusals for policy reasons. */
  device: DeviceRef | null;
  /** The recomputed status (never the token's own `ear_status` alone). */
  status: EarStatus | null;
  checks: readonly CheckOutcome[];
  expiresAt: Date | null;
  policy: { id: string; hash: string } | null;
}

/** A refusal before (or instead of) reading trustworthy claims. */
export function refuse(
  reasons: readonly Reason[],
  facts?: Partial<Pick<Decision, 'device' | 'status' | 'checks' | 'expiresAt' | 'policy'>>,
): Decision {
  return {
    allow: false,
    httpStatus: statusFor(reasons),
    reasons,
    device: facts?.device ?? null,
    status: facts?.status ?? null,
    checks: facts?.checks ?? [],
    expiresAt: facts?.expiresAt ?? null,
    policy: facts?.policy ?? null,
  };
}

/** 503 beats 401 beats 403: fix the infrastructure first, then the token, then the device. */
function statusFor(reasons: readonly Reason[]): 401 | 403 | 503 {
  let status: 401 | 403 | 503 = 403;
  for (const r of reasons) {
    const s = REASONS[r.code].status;
    if (s === 503) return 503;
    if (s === 401) status = 401;
  }
  return status;
}
