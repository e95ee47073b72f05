/**
 * Enrollment codes (`vigil1.…`, format and parser in `@vigil/shared`): the service URL, a fresh
 * enrollment token, the SHA-256 of the CA the agent must pin, and the ownership to enroll with.
 * Made by `vigil-service token create --enroll --code` and `POST /v1/admin/enrollment-tokens
 * {"code": true}`. A code holds a usable token: it is shown once, like the token, and never logged.
 */
import { caFingerprint, encodeEnrollmentCode, firstCertificateDer, type EnrollmentOwnership } from '@vigil/shared';

/**
 * Why a service URL cannot go into a code, or null when it can: https, no credentials, no
 * query or fragment (the agent appends `/v1/...` to it).
 */
export function serviceUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:') return 'must be an https URL';
  if (url.username || url.password) return 'must not carry credentials';
  if (url.search || url.hash) return 'must not have a query or fragment';
  return null;
}

/** The URL as it goes into a code: no trailing slash, so `${u}/v1/enroll` is well formed. */
export const normalizeServiceUrl = (text: string) => new URL(text).href.replace(/\/+$/, '');

export async function makeEnrollmentCode(input: {
  serverUrl: string;
  token: string;
  /** PEM of the CA to pin (the root of the server's TLS certificate). */
  trustAnchorPem: string;
  ownership: EnrollmentOwnership;
}): Promise<string> {
  const der = firstCertificateDer(input.trustAnchorPem);
  if (!der) throw new Error('the trust anchor is not a PEM certificate');
  return encodeEnrollmentCode({
    serverUrl: normalizeServiceUrl(input.serverUrl),
    token: input.token,
    caFingerprint: await caFingerprint(der),
    ownership: input.ownership,
  });
}
