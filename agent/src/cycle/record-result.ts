/**
 * Keeps the service's answer. The EAR arrives over the mTLS channel pinned to the service CA,
 * which authenticates it; the agent checks that it is about this device and this certificate and
 * reads its validity window. Gateways, not the agent, verify its signature against the JWKS.
 */
import { decodeJwt } from 'jose';
import { DEVICE_URN_PREFIX } from '@vigil/shared/core';
import type { AgentCache } from '../cache/index.js';
import type { DeviceIdentity } from '../identity/store.js';
import type { Logger } from '../logging/logger.js';
import type { EvidenceResponse } from '../push/api.js';

export function recordResult(input: {
  cache: AgentCache;
  identity: DeviceIdentity;
  reportSeq: number;
  response: EvidenceResponse;
  now: number;
  log: Logger;
}): boolean {
  const { response, identity } = input;
  if (!response.ear) return false;
  let claims: ReturnType<typeof decodeJwt>;
  try {
    claims = decodeJwt(response.ear);
  } catch {
    input.log.warn({ report_seq: input.reportSeq }, 'attestation result is not a jwt; ignored');
    return false;
  }
  const cnf = (claims.cnf as Record<string, unknown> | undefined)?.['x5t#S256'];
  const fits =
    claims.sub === `${DEVICE_URN_PREFIX}${identity.deviceId}` &&
    cnf === identity.certificate.thumbprint &&
    Number.isInteger(claims.iat) &&
    Number.isInteger(claims.exp);
  if (!fits) {
    input.log.warn(
      { report_seq: input.reportSeq, sub: claims.sub },
      'attestation result is not bound to this device; ignored',
    );
    return false;
  }
  return input.cache.results.save({
    deviceId: identity.deviceId,
    reportSeq: input.reportSeq,
    ear: response.ear,
    verdictJson: JSON.stringify(response.verdict),
    issuedAt: claims.iat! * 1000,
    expiresAt: claims.exp! * 1000,
    receivedAt: input.now,
    nextReportSeconds: response.nextReportSeconds ?? null,
  });
}
