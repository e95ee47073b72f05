/**
 * Builds and signs one evidence token (EAT in a compact JWS, see shared/guide/protocol.md):
 * raw posture, the chain link (seq + previous hash + any declared gap), the server nonce when
 * the report is challenged. The agent never appraises: that is the service's job.
 */
import type { KeyObject } from 'node:crypto';
import { EAT_PROFILE, evidenceHash, signEvidence, type EvidenceClaimsInput, type PostureReport } from '@vigil/shared';
import { AGENT_NAME, AGENT_VERSION } from '../version.js';

export interface ChainLink {
  deviceId: string;
  seq: number;
  prev?: string;
  gap?: { from: number; to: number };
}

export interface SignedEvidence {
  jti: string;
  jws: string;
  /** base64url SHA-256 of the JWS: the next report's `prev`. */
  hash: string;
}

export function buildEvidenceClaims(input: {
  posture: PostureReport;
  link: ChainLink;
  jti: string;
  nonce?: string;
  now: Date;
}): EvidenceClaimsInput {
  const { link } = input;
  return {
    eat_profile: EAT_PROFILE,
    ueid: link.deviceId,
    iat: Math.floor(input.now.getTime() / 1000),
    ...(input.nonce !== undefined ? { eat_nonce: input.nonce } : {}),
    jti: input.jti,
    seq: link.seq,
    ...(link.prev !== undefined ? { prev: link.prev } : {}),
    ...(link.gap ? { gap: link.gap } : {}),
    agent: { name: AGENT_NAME, version: AGENT_VERSION },
    posture: input.posture,
  };
}

export async function signReport(
  claims: EvidenceClaimsInput,
  key: { privateKey: KeyObject; kid: string },
): Promise<SignedEvidence> {
  const jws = await signEvidence(claims, key.privateKey, key.kid, { alg: 'PS256' });
  return { jti: claims.jti, jws, hash: await evidenceHash(jws) };
}
