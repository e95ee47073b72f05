/**
 * Builds and signs the EAR for one appraised, challenged report. The status is computed with
 * the same function gateways use to recompute it, so the two can never disagree.
 */
import { randomUUID, sign, type KeyObject } from 'node:crypto';
import {
  DEVICE_URN_PREFIX,
  EAR_PROFILE,
  EAR_SUBMOD,
  earStatusFromVector,
  signEarWith,
  type EarClaims,
  type EarStatus,
  type TrustVector,
  type Verdict,
} from '@vigil/shared';

export const VERIFIER_ID = { developer: 'https://vigil.dev', build: 'vigil-service 0.1.0' } as const;

export interface ResultInput {
  deviceId: string;
  certThumbprint: string;
  verdict: Verdict;
  /**
   * The device's ownership (`managed`, `personal`); null when unknown (enrolled before it was
   * recorded). Only `personal` withholds reasons: see `checkClaims`.
   */
  ownership: string | null;
  vector: TrustVector;
  policy: { id: string; hash: string };
  issuer: string;
  audience: string;
  lifetimeSeconds: number;
  now: Date;
}

export interface SignedResult {
  token: string;
  jti: string;
  status: EarStatus;
  issuedAt: Date;
  expiresAt: Date;
}

/** The result-signing key in force: the key ring's current key, or a copy of it in a worker. */
export interface ResultSigner {
  kid: string;
  key: KeyObject;
}

export async function issueResult(input: ResultInput, signer: ResultSigner): Promise<SignedResult> {
  const iat = Math.floor(input.now.getTime() / 1000);
  const status = earStatusFromVector(input.vector);
  const claims: EarClaims = {
    iss: input.issuer,
    sub: `${DEVICE_URN_PREFIX}${input.deviceId}`,
    aud: input.audience,
    iat,
    exp: iat + input.lifetimeSeconds,
    jti: randomUUID(),
    cnf: { 'x5t#S256': input.certThumbprint },
    eat_profile: EAR_PROFILE,
    ear_verifier_id: { ...VERIFIER_ID },
    ear_status: status,
    submods: {
      [EAR_SUBMOD]: {
        ear_status: status,
        ear_trustworthiness_vector: input.vector,
        ear_appraisal_policy_ids: [`urn:vigil:policy:${input.policy.id}#${input.policy.hash}`],
      },
    },
    vigil_checks: checkClaims(input.verdict, input.ownership),
    vigil_policy: input.policy,
    vigil_verdict: {
      status: input.verdict.status,
      action: input.verdict.enforcement.action,
      ...(input.verdict.deadline ? { deadline: input.verdict.deadline } : {}),
    },
  };
  const { kid, key } = signer;
  // node:crypto ES256 (P1363 encoding, as JWS wants) is ~2x cheaper than WebCrypto on Node 20.
  const token = await signEarWith(claims, kid, (input) => sign('sha256', input, { key, dsaEncoding: 'ieee-p1363' }));
  return { token, jti: claims.jti, status, issuedAt: new Date(iat * 1000), expiresAt: new Date(claims.exp * 1000) };
}

/**
 * Per-check results for gateways. A personal device's EAR carries each result but no reason:
 * reasons quote what was observed on the employee's own machine (OS versions, volume names,
 * firewall details), and a gateway operator needs only the results to decide access. Managed
 * devices, and those whose ownership is unknown, keep their reasons (a behaviour gateways and
 * their deny pages already rely on).
 */
export function checkClaims(verdict: Verdict, ownership: string | null): EarClaims['vigil_checks'] {
  const personal = ownership === 'personal';
  return Object.fromEntries(
    verdict.checks.map((c) => [
      c.check,
      personal ? { result: c.result } : { result: c.result, reason: c.reason.slice(0, 1000) },
    ]),
  );
}
