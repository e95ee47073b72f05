/**
 * Steps 3–7 of the ingest order (protocol.md): signature bound to the mTLS certificate, `kid`,
 * `jti` = Idempotency-Key → nonce → chain → iat skew (warning only) → appraisal → store. The
 * appraisal and result are computed before the store transaction (which then commits all of it
 * or nothing); if the device's fork state moved meanwhile, the transaction refuses and we redo
 * the appraisal once.
 */
import { constants, createHash, verify as nodeVerify, type KeyObject } from 'node:crypto';
import {
  EvidenceError,
  evaluatePolicy,
  verifyEvidence,
  type CheckId,
  type EvidenceClaims,
  type SignatureCheck,
  type Verdict,
} from '@vigil/shared';
import { issueResult } from '../../appraisal/result.js';
import { trustVector } from '../../appraisal/trust-vector.js';
import { complianceChangeFor, storedAccessStatus } from '../../caep/compliance.js';
import type { ServiceContext } from '../../context.js';
import { ServiceError } from '../../errors.js';
import type { AuthenticatedDevice } from '../../plugins/device-auth.js';
import type { DeviceRecord } from '../../store/types.js';
import { fromEvidenceError, fromIngestFailure } from './failures.js';

export interface EvidenceResponse {
  verdict: Verdict;
  /** The attestation result; null for unchallenged reports (never affirming, so never issued). */
  ear: string | null;
  earExpiresAt: string | null;
  challenged: boolean;
  nextReportSeconds: number;
  warnings: string[];
}

export async function ingestEvidence(
  ctx: ServiceContext,
  device: AuthenticatedDevice,
  jws: string,
  key: string,
): Promise<string> {
  const claims = await verify(jws, device);
  if (claims.jti !== key)
    throw new ServiceError(400, 'VIGIL_EVIDENCE_JTI_MISMATCH', 'jti must equal the Idempotency-Key header');
  if (claims.ueid !== device.id)
    throw new ServiceError(403, 'VIGIL_EVIDENCE_DEVICE_MISMATCH', 'report is for another device');
  const enrolledAs = device.record.ownership;
  // Ownership decides what admins see and whether consent was needed: it changes only by re-enrolling.
  if (enrolledAs !== null && claims.posture.device.ownership !== enrolledAs) {
    throw new ServiceError(
      409,
      'VIGIL_EVIDENCE_OWNERSHIP_MISMATCH',
      `report declares a ${claims.posture.device.ownership} device, but it enrolled as ${enrolledAs}; re-enroll to change`,
    );
  }
  const challenged = claims.eat_nonce !== undefined;
  if (!challenged && !ctx.settings.acceptUnchallenged) {
    throw new ServiceError(
      400,
      'VIGIL_EVIDENCE_NONCE_MISSING',
      'reports must answer a challenge (POST /v1/challenges)',
    );
  }
  const now = ctx.now();
  const skewSeconds = claims.iat - Math.floor(now.getTime() / 1000);
  // Unchallenged reports have only iat for time; one from the future is not believable.
  if (!challenged && skewSeconds > ctx.settings.clockSkewSeconds) {
    throw new ServiceError(400, 'VIGIL_EVIDENCE_IAT_FUTURE', 'unchallenged report is dated in the future');
  }
  const warnings: string[] = [];
  if (challenged && Math.abs(skewSeconds) > ctx.settings.clockSkewSeconds) warnings.push('VIGIL_EVIDENCE_CLOCK_SKEW');
  if (claims.gap) warnings.push('VIGIL_EVIDENCE_GAP');
  const hash = createHash('sha256').update(jws).digest('base64url');

  let record: DeviceRecord = device.record;
  for (let attempt = 0; ; attempt++) {
    const forked = record.forkedAt !== null && !(record.resyncPending && challenged);
    const { policy, hash: policyHash } = ctx.policy.get();
    const verdict = evaluatePolicy(claims.posture, policy, { now, firstFailedAt: record.firstFailedAt });
    const result = challenged
      ? await issueResult(
          {
            deviceId: device.id,
            certThumbprint: device.thumbprint,
            verdict,
            // The report's declared ownership stands in only for devices enrolled before it was recorded.
            ownership: enrolledAs ?? claims.posture.device.ownership,
            vector: trustVector(verdict, { forked }),
            policy: { id: policy.id, hash: policyHash },
            issuer: ctx.settings.issuer,
            audience: ctx.settings.audience,
            lifetimeSeconds: ctx.settings.earLifetimeSeconds,
            now,
          },
          ctx.keys,
        )
      : undefined;
    const response: EvidenceResponse = {
      verdict,
      ear: result?.token ?? null,
      earExpiresAt: result?.expiresAt.toISOString() ?? null,
      challenged,
      nextReportSeconds: policy.reportIntervalMinutes * 60,
      warnings: forked ? [...warnings, 'VIGIL_DEVICE_FORKED'] : warnings,
    };
    const body = JSON.stringify(response);
    const outcome = await ctx.store.ingest({
      deviceId: device.id,
      now,
      nonce: claims.eat_nonce,
      jti: claims.jti,
      seq: claims.seq,
      prev: claims.prev,
      gap: claims.gap,
      hash,
      iat: claims.iat,
      skewSeconds,
      assumedForked: forked,
      verdictStatus: verdict.status,
      verdictJson: JSON.stringify(verdict),
      postureJson: JSON.stringify(claims.posture),
      device: {
        ownership: claims.posture.device.ownership,
        platform: claims.posture.device.platform,
        hostname: claims.posture.device.hostname ?? null,
        reportIntervalSeconds: response.nextReportSeconds,
      },
      firstFailedAt: firstFailures(verdict, record.firstFailedAt, now),
      result: result && {
        jti: result.jti,
        status: result.status,
        issuedAt: result.issuedAt,
        expiresAt: result.expiresAt,
        token: result.token,
      },
      response: { statusCode: 200, body },
      idempotencyKey: key,
      // The verdict this report follows, read in the store transaction: with several replicas
      // only the one storing a change sees it, so receivers hear of it once (none without any).
      previousVerdict: ctx.caep.enabled,
    });
    if (outcome.ok) {
      if (ctx.caep.enabled) {
        const change = complianceChangeFor({
          deviceId: device.id,
          previous: storedAccessStatus(outcome.previousVerdictJson ?? undefined, record.forkedAt !== null),
          verdict,
          forked,
          now,
        });
        if (change) ctx.caep.emitComplianceChange(change);
      }
      return body;
    }
    if (ctx.caep.enabled && record.forkedAt === null && FORK_FLAGGING.has(outcome.reason)) {
      // The store has just flagged the device as forked: results it already holds must stop working.
      ctx.caep.emitComplianceChange({
        deviceId: device.id,
        status: 'not-compliant',
        reasonAdmin: 'forked',
        timestamp: now,
      });
    }
    if (outcome.reason !== 'state-changed' || attempt > 0) throw fromIngestFailure(outcome.reason);
    record = (await ctx.store.getDevice(device.id)) ?? record;
  }
}

/** Ingest failures for which the store flags the device as forked (see store/sqlite/ingest.ts). */
const FORK_FLAGGING: ReadonlySet<string> = new Set(['sequence-regress', 'sequence-gap', 'chain-mismatch']);

const PSS = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };

/** node:crypto instead of WebCrypto for the signature itself: ~5x cheaper on Node 20. */
function nodeSignatureCheck(key: KeyObject): SignatureCheck {
  return (alg, input, signature) =>
    alg === 'PS256'
      ? nodeVerify('sha256', input, { key, ...PSS }, signature)
      : nodeVerify('sha256', input, key, signature);
}

async function verify(jws: string, device: AuthenticatedDevice): Promise<EvidenceClaims> {
  try {
    const options = { expectedKid: device.thumbprint, signatureCheck: nodeSignatureCheck(device.publicKey) };
    return (await verifyEvidence(jws, device.publicKey, options)).claims;
  } catch (error) {
    if (error instanceof EvidenceError) throw fromEvidenceError(error);
    throw error;
  }
}

/** warn-then-block grace: when each currently failing check started failing. */
function firstFailures(verdict: Verdict, previous: Partial<Record<CheckId, string>>, now: Date) {
  const next: Partial<Record<CheckId, string>> = {};
  for (const check of verdict.checks) {
    if (check.result === 'fail') next[check.check] = previous[check.check] ?? now.toISOString();
  }
  return next;
}
