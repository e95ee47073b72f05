/**
 * AR4SI trustworthiness claims and tiers (draft-ietf-rats-ar4si): 0 = no claim (same as
 * absent), 1 = unknown, 2–31 affirming, 32–95 warning, 96–127 contraindicated.
 *
 * A relying party recomputes the status from the vector instead of trusting `ear_status`.
 * Vigil profile choice: `hardware` and `storage-opaque` describe how the device key is kept;
 * Vigil reports them honestly (software keys: hardware 0, storage-opaque 32) but does not
 * appraise them, otherwise every software-key device would be capped at `warning` and
 * "affirming" would never occur. They still count when contraindicated (≥ 96). Pass
 * `{ descriptive: [] }` for the draft's strict rule (status no better than the worst claim).
 */
import { z } from 'zod';

export const TRUST_CLAIMS = [
  'instance-identity',
  'configuration',
  'executables',
  'file-system',
  'hardware',
  'runtime-opaque',
  'storage-opaque',
  'sourced-data',
] as const;
export type TrustClaim = (typeof TRUST_CLAIMS)[number];

export const EAR_STATUSES = ['affirming', 'warning', 'contraindicated', 'none'] as const;
export type EarStatus = (typeof EAR_STATUSES)[number];

const tier = z.number().int().min(0).max(127);
export const TrustVectorSchema = z.strictObject(
  Object.fromEntries(TRUST_CLAIMS.map((claim) => [claim, tier.optional()])) as Record<
    TrustClaim,
    z.ZodOptional<typeof tier>
  >,
);
export type TrustVector = Partial<Record<TrustClaim, number>>;

/** Claims Vigil reports but does not appraise unless contraindicated (see module comment). */
export const DESCRIPTIVE_CLAIMS: readonly TrustClaim[] = ['hardware', 'storage-opaque'];

export function tierOf(value: number | undefined): EarStatus {
  if (value === undefined || value < 2) return 'none';
  if (value < 32) return 'affirming';
  if (value < 96) return 'warning';
  return 'contraindicated';
}

/** Access rank: higher is more trusted. `none` (no determination) ranks below `warning`. */
const RANK: Record<EarStatus, number> = { contraindicated: 0, none: 1, warning: 2, affirming: 3 };

export function worstStatus(...statuses: EarStatus[]): EarStatus {
  return statuses.reduce<EarStatus>((worst, s) => (RANK[s] < RANK[worst] ? s : worst), 'affirming');
}

/**
 * The status a vector supports. Contraindicated if any claim is ≥ 96; otherwise the worst
 * appraised claim, where a claim of 1 (unknown) means no determination. A vector without any
 * appraised claim supports only `none`.
 */
export function earStatusFromVector(
  vector: TrustVector,
  options: { descriptive?: readonly TrustClaim[] } = {},
): EarStatus {
  const descriptive = new Set(options.descriptive ?? DESCRIPTIVE_CLAIMS);
  const statuses: EarStatus[] = [];
  let anyClaim = false;
  for (const claim of TRUST_CLAIMS) {
    const value = vector[claim];
    if (value === undefined || value === 0) continue;
    const status = tierOf(value);
    if (status === 'contraindicated') return 'contraindicated';
    if (descriptive.has(claim)) continue;
    anyClaim = true;
    statuses.push(status);
  }
  return anyClaim ? worstStatus(...statuses) : 'none';
}
