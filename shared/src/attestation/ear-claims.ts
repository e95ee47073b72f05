/**
 * Claims of the EAT Attestation Result (draft-ietf-rats-ear, JSON names of draft -04 with
 * underscores) that the service signs and gateways verify. One submodule, `vigil`, carries the
 * appraisal of the device; the top-level `ear_status` repeats its status for convenience and
 * `vigil_*` claims carry the per-check results, the verdict summary and the policy.
 */
import { z } from 'zod';
import { EAR_STATUSES, TrustVectorSchema } from './ar4si.js';
import { DEVICE_ID_PATTERN, DEVICE_URN_PREFIX } from './evidence-claims.js';

export const EAR_PROFILE = 'tag:github.com,2023:veraison/ear';
/** Explicit typing (RFC 8725 §3.11) so an EAR is never mistaken for another JWT. */
export const EAR_TYP = 'ear+jwt';
export const EAR_ALGORITHMS = ['ES256'] as const;
export const EAR_SUBMOD = 'vigil';
/** draft: `exp` is mandatory; Vigil keeps results short-lived (5–15 minutes). */
export const EAR_MIN_LIFETIME_SECONDS = 60;
export const EAR_MAX_LIFETIME_SECONDS = 15 * 60;

const numericDate = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const status = z.enum(EAR_STATUSES);
const checkResult = z.enum(['pass', 'warn', 'fail', 'unknown']);

export const EarAppraisalSchema = z.object({
  ear_status: status,
  ear_trustworthiness_vector: TrustVectorSchema,
  ear_appraisal_policy_ids: z.array(z.string().min(1).max(512)).max(8).optional(),
});

export const EarClaimsSchema = z
  .object({
    iss: z.string().min(1).max(512),
    sub: z
      .string()
      .refine((s) => s.startsWith(DEVICE_URN_PREFIX) && DEVICE_ID_PATTERN.test(s.slice(DEVICE_URN_PREFIX.length)), {
        message: `must be ${DEVICE_URN_PREFIX}<device id>`,
      }),
    /** Exactly one audience: a token minted for one gateway class is not valid at another. */
    aud: z.string().min(1).max(512),
    iat: numericDate,
    exp: numericDate,
    jti: z.string().min(8).max(128),
    cnf: z.object({ 'x5t#S256': z.string().regex(/^[A-Za-z0-9_-]{43}$/) }),
    eat_profile: z.literal(EAR_PROFILE),
    ear_verifier_id: z.object({ developer: z.string().min(1).max(256), build: z.string().min(1).max(256) }),
    ear_status: status,
    submods: z.object({ [EAR_SUBMOD]: EarAppraisalSchema }),
    /**
     * `reason` is absent for personal (BYOD) devices: reasons quote what was observed on the
     * employee's own machine, and a gateway needs only each check's result to decide.
     */
    vigil_checks: z.record(
      z.string().max(64),
      z.object({ result: checkResult, reason: z.string().max(1000).optional() }),
    ),
    vigil_policy: z.object({ id: z.string().min(1).max(64), hash: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }),
    vigil_verdict: z.object({
      status: z.enum(['compliant', 'warning', 'noncompliant', 'unknown']),
      action: z.enum(['allow', 'notify', 'warn', 'block']),
      deadline: z.string().max(64).optional(),
    }),
  })
  .refine((c) => c.exp > c.iat, { path: ['exp'], message: 'must be after iat' });

export type EarClaims = z.infer<typeof EarClaimsSchema>;

/** Claims jose must see present before our schema runs (missing → VIGIL_EAR_CLAIMS). */
export const EAR_REQUIRED_CLAIMS = [
  'iss',
  'sub',
  'aud',
  'iat',
  'exp',
  'jti',
  'cnf',
  'eat_profile',
  'ear_verifier_id',
  'ear_status',
  'submods',
] as const;
export const EAR_INTEGER_CLAIMS = ['iat', 'exp', 'nbf'] as const;
