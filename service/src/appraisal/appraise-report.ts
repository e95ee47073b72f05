/**
 * The CPU-only part of ingest (protocol.md steps 3, 6 and 7 before the store): the signature
 * bound to the mTLS certificate, `kid`, `jti` = Idempotency-Key, the report's device and
 * ownership, iat skew, appraisal with the shared policy evaluator and the signed EAR. It reads
 * and writes no shared state, so it runs the same on the event loop or in a worker thread
 * (appraisal-pool.ts); everything it needs arrives in `AppraisalInput`, which is why that holds
 * plain data and KeyObjects only (both cross `postMessage`).
 */
import { constants, createHash, verify as nodeVerify, type KeyObject } from 'node:crypto';
import {
  EvidenceError,
  evaluatePolicy,
  verifyEvidence,
  type CheckId,
  type EvidenceClaims,
  type Policy,
  type SignatureCheck,
  type Verdict,
} from '@vigil/shared';
import { issueResult, type SignedResult } from './result.js';
import { trustVector } from './trust-vector.js';

export interface AppraisalSettings {
  issuer: string;
  audience: string;
  earLifetimeSeconds: number;
  acceptUnchallenged: boolean;
  clockSkewSeconds: number;
}

export interface AppraisalInput {
  jws: string;
  /** The request's Idempotency-Key, which must equal the report's `jti`. */
  key: string;
  now: Date;
  device: { id: string; thumbprint: string; publicKey: KeyObject; ownership: string | null };
  /** The device's standing as last read from the store (the store re-checks the fork state). */
  standing: { forkedAt: Date | null; resyncPending: boolean; firstFailedAt: Partial<Record<CheckId, string>> };
  policy: { policy: Policy; hash: string };
  signer: { kid: string; key: KeyObject };
  settings: AppraisalSettings;
}

/** What the store and the response need from an appraised report. */
export interface AppraisedReport {
  claims: Pick<EvidenceClaims, 'eat_nonce' | 'jti' | 'seq' | 'prev' | 'gap' | 'iat'>;
  device: { ownership: string; platform: string; hostname: string | null };
  challenged: boolean;
  forked: boolean;
  verdictStatus: Verdict['status'];
  /** The verdict as stored; only CAEP needs it parsed (a string crosses threads cheaply). */
  verdictJson: string;
  result: SignedResult | undefined;
  /** The 200 response body, stored with the report for idempotent replays. */
  body: string;
  hash: string;
  skewSeconds: number;
  nextReportSeconds: number;
  postureJson: string;
  firstFailedAt: Partial<Record<CheckId, string>>;
}

/** A rejection as plain data: a ServiceError's fields, so it survives `postMessage`. */
export interface AppraisalRejection {
  statusCode: number;
  code: string;
  message: string;
}

export type AppraisalOutcome = { ok: true; report: AppraisedReport } | { ok: false; rejection: AppraisalRejection };

interface EvidenceResponse {
  verdict: Verdict;
  /** The attestation result; null for unchallenged reports (never affirming, so never issued). */
  ear: string | null;
  earExpiresAt: string | null;
  challenged: boolean;
  nextReportSeconds: number;
  warnings: string[];
}

const EVIDENCE_STATUS: Record<string, number> = {
  VIGIL_EVIDENCE_SIGNATURE: 401,
  VIGIL_EVIDENCE_KID: 401,
};

const reject = (statusCode: number, code: string, message: string): AppraisalOutcome => ({
  ok: false,
  rejection: { statusCode, code, message },
});

export async function appraiseReport(input: AppraisalInput): Promise<AppraisalOutcome> {
  const { device, settings, now } = input;
  let claims: EvidenceClaims;
  try {
    const options = { expectedKid: device.thumbprint, signatureCheck: nodeSignatureCheck(device.publicKey) };
    claims = (await verifyEvidence(input.jws, device.publicKey, options)).claims;
  } catch (error) {
    if (!(error instanceof EvidenceError)) throw error;
    return reject(EVIDENCE_STATUS[error.code] ?? 400, error.code, error.message);
  }
  if (claims.jti !== input.key)
    return reject(400, 'VIGIL_EVIDENCE_JTI_MISMATCH', 'jti must equal the Idempotency-Key header');
  if (claims.ueid !== device.id) return reject(403, 'VIGIL_EVIDENCE_DEVICE_MISMATCH', 'report is for another device');
  const enrolledAs = device.ownership;
  const declared = claims.posture.device;
  // Ownership decides what admins see and whether consent was needed: it changes only by re-enrolling.
  if (enrolledAs !== null && declared.ownership !== enrolledAs) {
    return reject(
      409,
      'VIGIL_EVIDENCE_OWNERSHIP_MISMATCH',
      `report declares a ${declared.ownership} device, but it enrolled as ${enrolledAs}; re-enroll to change`,
    );
  }
  const challenged = claims.eat_nonce !== undefined;
  if (!challenged && !settings.acceptUnchallenged) {
    return reject(400, 'VIGIL_EVIDENCE_NONCE_MISSING', 'reports must answer a challenge (POST /v1/challenges)');
  }
  const skewSeconds = claims.iat - Math.floor(now.getTime() / 1000);
  // Unchallenged reports have only iat for time; one from the future is not believable.
  if (!challenged && skewSeconds > settings.clockSkewSeconds) {
    return reject(400, 'VIGIL_EVIDENCE_IAT_FUTURE', 'unchallenged report is dated in the future');
  }
  const warnings: string[] = [];
  if (challenged && Math.abs(skewSeconds) > settings.clockSkewSeconds) warnings.push('VIGIL_EVIDENCE_CLOCK_SKEW');
  if (claims.gap) warnings.push('VIGIL_EVIDENCE_GAP');
  const forked = input.standing.forkedAt !== null && !(input.standing.resyncPending && challenged);
  if (forked) warnings.push('VIGIL_DEVICE_FORKED');

  const { policy, hash: policyHash } = input.policy;
  const verdict = evaluatePolicy(claims.posture, policy, { now, firstFailedAt: input.standing.firstFailedAt });
  const result = challenged
    ? await issueResult(
        {
          deviceId: device.id,
          certThumbprint: device.thumbprint,
          verdict,
          // The report's declared ownership stands in only for devices enrolled before it was recorded.
          ownership: enrolledAs ?? declared.ownership,
          vector: trustVector(verdict, { forked }),
          policy: { id: policy.id, hash: policyHash },
          issuer: settings.issuer,
          audience: settings.audience,
          lifetimeSeconds: settings.earLifetimeSeconds,
          now,
        },
        input.signer,
      )
    : undefined;
  const response: EvidenceResponse = {
    verdict,
    ear: result?.token ?? null,
    earExpiresAt: result?.expiresAt.toISOString() ?? null,
    challenged,
    nextReportSeconds: policy.reportIntervalMinutes * 60,
    warnings,
  };
  return {
    ok: true,
    report: {
      claims: {
        eat_nonce: claims.eat_nonce,
        jti: claims.jti,
        seq: claims.seq,
        prev: claims.prev,
        gap: claims.gap,
        iat: claims.iat,
      },
      device: { ownership: declared.ownership, platform: declared.platform, hostname: declared.hostname ?? null },
      challenged,
      forked,
      verdictStatus: verdict.status,
      verdictJson: JSON.stringify(verdict),
      result,
      body: JSON.stringify(response),
      hash: createHash('sha256').update(input.jws).digest('base64url'),
      skewSeconds,
      nextReportSeconds: response.nextReportSeconds,
      postureJson: JSON.stringify(claims.posture),
      firstFailedAt: firstFailures(verdict, input.standing.firstFailedAt, now),
    },
  };
}

const PSS = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };

/** node:crypto instead of WebCrypto for the signature itself: ~5x cheaper on Node 20. */
function nodeSignatureCheck(key: KeyObject): SignatureCheck {
  return (alg, input, signature) =>
    alg === 'PS256'
      ? nodeVerify('sha256', input, { key, ...PSS }, signature)
      : nodeVerify('sha256', input, key, signature);
}

/** warn-then-block grace: when each currently failing check started failing. */
function firstFailures(verdict: Verdict, previous: Partial<Record<CheckId, string>>, now: Date) {
  const next: Partial<Record<CheckId, string>> = {};
  for (const check of verdict.checks) {
    if (check.result === 'fail') next[check.check] = previous[check.check] ?? now.toISOString();
  }
  return next;
}
