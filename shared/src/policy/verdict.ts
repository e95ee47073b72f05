/** The outcome of appraising a posture report against a policy. Zod-described for the JSON Schema. */
import { z } from 'zod';
import { CHECK_IDS } from '../checks.js';
import { ENFORCEMENT_MODES, REQUIREMENTS } from './schema.js';

export const CHECK_RESULTS = ['pass', 'warn', 'fail', 'unknown'] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];

export const OVERALL_STATUSES = ['compliant', 'warning', 'noncompliant', 'unknown'] as const;
export type OverallStatus = (typeof OVERALL_STATUSES)[number];

export const ENFORCEMENT_ACTIONS = ['allow', 'notify', 'warn', 'block'] as const;
export type EnforcementAction = (typeof ENFORCEMENT_ACTIONS)[number];

const isoTime = z.iso.datetime({ offset: true });

export const CheckVerdictSchema = z.strictObject({
  check: z.enum(CHECK_IDS),
  result: z.enum(CHECK_RESULTS),
  requirement: z.enum(REQUIREMENTS),
  /** What the agent delivered for this check. */
  observed: z.enum(['ok', 'unsupported', 'error', 'missing']),
  reason: z.string(),
  remediation: z.string().optional(),
  remediationUrl: z.string().optional(),
  /** Under warn-then-block: when this failing check starts to block. */
  deadline: isoTime.optional(),
});
export type CheckVerdict = z.infer<typeof CheckVerdictSchema>;

export const VerdictSchema = z.strictObject({
  status: z.enum(OVERALL_STATUSES),
  policyId: z.string(),
  evaluatedAt: isoTime,
  enforcement: z.strictObject({ mode: z.enum(ENFORCEMENT_MODES), action: z.enum(ENFORCEMENT_ACTIONS) }),
  /** Earliest deadline among checks in their grace period. */
  deadline: isoTime.optional(),
  checks: z.array(CheckVerdictSchema),
});
export type Verdict = z.infer<typeof VerdictSchema>;
