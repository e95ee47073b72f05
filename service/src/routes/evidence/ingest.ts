/**
 * Ingest after the idempotency check: appraisal (signature bound to the mTLS certificate, `kid`,
 * `jti` = Idempotency-Key, iat skew, policy, EAR; appraise-report.ts, on a worker thread where
 * there is one) → nonce → chain → store. The store transaction commits all of it or nothing; if
 * the device's fork state moved meanwhile, it refuses and we redo the appraisal once.
 */
import type { Verdict } from '@vigil/shared';
import { complianceChangeFor, storedAccessStatus } from '../../caep/compliance.js';
import type { ServiceContext } from '../../context.js';
import { ServiceError } from '../../errors.js';
import type { AuthenticatedDevice } from '../../plugins/device-auth.js';
import type { DeviceRecord } from '../../store/types.js';
import { fromIngestFailure } from './failures.js';

export async function ingestEvidence(
  ctx: ServiceContext,
  device: AuthenticatedDevice,
  jws: string,
  key: string,
): Promise<string> {
  const now = ctx.now();
  let record: DeviceRecord = device.record;
  for (let attempt = 0; ; attempt++) {
    const outcome = await ctx.appraiser.appraise({
      jws,
      key,
      now,
      device: {
        id: device.id,
        thumbprint: device.thumbprint,
        publicKey: device.publicKey,
        ownership: device.record.ownership,
      },
      standing: { forkedAt: record.forkedAt, resyncPending: record.resyncPending, firstFailedAt: record.firstFailedAt },
      policy: ctx.policy.get(),
      signer: ctx.keys.current(),
    });
    if (!outcome.ok) {
      const { statusCode, code, message } = outcome.rejection;
      throw new ServiceError(statusCode, code, message);
    }
    const { report } = outcome;
    const { claims, result } = report;
    const stored = await ctx.store.ingest({
      deviceId: device.id,
      now,
      nonce: claims.eat_nonce,
      jti: claims.jti,
      seq: claims.seq,
      prev: claims.prev,
      gap: claims.gap,
      hash: report.hash,
      iat: claims.iat,
      skewSeconds: report.skewSeconds,
      assumedForked: report.forked,
      verdictStatus: report.verdictStatus,
      verdictJson: report.verdictJson,
      postureJson: report.postureJson,
      device: { ...report.device, reportIntervalSeconds: report.nextReportSeconds },
      firstFailedAt: report.firstFailedAt,
      result: result && {
        jti: result.jti,
        status: result.status,
        issuedAt: result.issuedAt,
        expiresAt: result.expiresAt,
        token: result.token,
      },
      response: { statusCode: 200, body: report.body },
      idempotencyKey: key,
      // The verdict this report follows, read in the store transaction: with several replicas
      // only the one storing a change sees it, so receivers hear of it once (none without any).
      previousVerdict: ctx.caep.enabled,
    });
    if (stored.ok) {
      if (ctx.caep.enabled) {
        const change = complianceChangeFor({
          deviceId: device.id,
          previous: storedAccessStatus(stored.previousVerdictJson ?? undefined, record.forkedAt !== null),
          verdict: JSON.parse(report.verdictJson) as Verdict,
          forked: report.forked,
          now,
        });
        if (change) ctx.caep.emitComplianceChange(change);
      }
      return report.body;
    }
    if (ctx.caep.enabled && record.forkedAt === null && FORK_FLAGGING.has(stored.reason)) {
      // The store has just flagged the device as forked: results it already holds must stop working.
      ctx.caep.emitComplianceChange({
        deviceId: device.id,
        status: 'not-compliant',
        reasonAdmin: 'forked',
        timestamp: now,
      });
    }
    if (stored.reason !== 'state-changed' || attempt > 0) throw fromIngestFailure(stored.reason);
    record = (await ctx.store.getDevice(device.id)) ?? record;
  }
}

/** Ingest failures for which the store flags the device as forked (see store/sqlite/ingest.ts). */
const FORK_FLAGGING: ReadonlySet<string> = new Set(['sequence-regress', 'sequence-gap', 'chain-mismatch']);
