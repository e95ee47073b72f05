/**
 * Maps a policy verdict and the device's standing to an AR4SI trustworthiness vector
 * (protocol.md "Attestation result"): configuration 2 all pass / 32 something to fix soon (a
 * warning, or a failure the policy does not block yet) / 36 a check unreadable / 96 blocked;
 * instance-identity 2 known key / 96 forked; hardware 0 and storage-opaque 32 for software keys.
 */
import type { TrustVector, Verdict } from '@vigil/shared';

export function configurationTier(verdict: Verdict): number {
  if (verdict.enforcement.action === 'block') return 96;
  let tier = 2;
  for (const check of verdict.checks) {
    if (check.result === 'fail' || check.result === 'warn') tier = Math.max(tier, 32);
    if (check.result === 'unknown') tier = Math.max(tier, 36);
  }
  return tier;
}

export function trustVector(verdict: Verdict, standing: { forked: boolean }): TrustVector {
  return {
    configuration: configurationTier(verdict),
    'instance-identity': standing.forked ? 96 : 2,
    hardware: 0,
    'storage-opaque': 32,
  };
}
