/**
 * The claims of a signed report we made ourselves, read back from the cache. No signature check:
 * the cache is ours and the JWS was verified when made. Kept apart from signing so status and
 * `vigil report` do not load jose.
 */
import { EvidenceClaimsSchema } from '@vigil/shared/core';

export function decodeClaims(jws: string) {
  const segment = jws.split('.')[1] ?? '';
  return EvidenceClaimsSchema.parse(JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')));
}
