/**
 * Sign a posture report as the next link of the chain and commit it before any push. Signing is
 * async, so the commit is a compare-and-swap on the chain; on a conflict (another process
 * signed meanwhile) the report is planned and signed again.
 */
import { randomUUID } from 'node:crypto';
import type { PostureReport } from '@vigil/shared';
import { CacheError, type AgentCache } from '../cache/index.js';
import { buildEvidenceClaims, signReport } from '../evidence/build.js';
import type { DeviceIdentity } from '../identity/store.js';
import { assertNoIdentifiers } from '../privacy/personal-report.js';

export interface CreatedReport {
  seq: number;
  jti: string;
  challenged: boolean;
  gap?: { from: number; to: number };
}

export async function createReport(input: {
  cache: AgentCache;
  identity: DeviceIdentity;
  posture: PostureReport;
  nonce?: string;
  maxPendingReports: number;
  now: () => Date;
}): Promise<CreatedReport> {
  const { cache, identity } = input;
  // The last gate of personal mode: a report that still names this machine or a person is
  // never signed (throws VIGIL_PRIVACY_IDENTIFIER_FOUND), so it can never be sent.
  if (input.posture.device.ownership === 'personal') assertNoIdentifiers(input.posture);
  for (let attempt = 1; ; attempt++) {
    const plan = cache.reports.planNext(identity.deviceId, input.maxPendingReports);
    const jti = randomUUID();
    const claims = buildEvidenceClaims({
      posture: input.posture,
      link: plan,
      jti,
      now: input.now(),
      ...(input.nonce !== undefined ? { nonce: input.nonce } : {}),
    });
    const signed = await signReport(claims, { privateKey: identity.privateKey, kid: identity.certificate.thumbprint });
    try {
      cache.reports.commit(plan, {
        jti,
        jws: signed.jws,
        hash: signed.hash,
        challenged: input.nonce !== undefined,
        collectedAt: input.posture.collectedAt,
        createdAt: input.now().getTime(),
      });
      return { seq: plan.seq, jti, challenged: input.nonce !== undefined, ...(plan.gap ? { gap: plan.gap } : {}) };
    } catch (error) {
      if (!(error instanceof CacheError && error.code === 'VIGIL_CACHE_CHAIN_CONFLICT') || attempt >= 5) throw error;
    }
  }
}
