/**
 * `GET /v1/privacy` and `vigil privacy`: the statement, the last report exactly as it was sent
 * (the payload of the signed evidence, decoded, not rebuilt from anything else) and the local
 * activity log. Built from the cache, so the daemon, the CLI and the tray see one truth.
 */
import { CONSENT_STATEMENT, EvidenceClaimsSchema, type EvidenceClaims, type PrivacyView } from '@vigil/shared/core';
import type { AgentCache } from '../cache/index.js';

export const PRIVACY_ACTIVITY_LIMIT = 200;

export function buildPrivacyView(cache: AgentCache | null, limit = PRIVACY_ACTIVITY_LIMIT): PrivacyView {
  const last = cache?.reports.lastDelivered() ?? null;
  const claims = last ? sentClaims(last.jws) : null;
  return {
    statement: { version: CONSENT_STATEMENT.version, text: CONSENT_STATEMENT.text },
    lastReport:
      last && claims && last.deliveredAt !== null ? { sentAt: new Date(last.deliveredAt).toISOString(), claims } : null,
    activity: cache?.activity.recent(limit) ?? [],
  };
}

/**
 * The payload as signed. Validated (the cache is untrusted) but returned as decoded, so nothing
 * the schema would drop or reshape is hidden from the owner.
 */
function sentClaims(jws: string): EvidenceClaims | null {
  try {
    const payload = JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8')) as unknown;
    return EvidenceClaimsSchema.safeParse(payload).success ? (payload as EvidenceClaims) : null;
  } catch {
    return null;
  }
}
