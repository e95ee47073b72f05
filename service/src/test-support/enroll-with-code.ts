/**
 * What an agent does with an enrollment code (`vigil enroll --code`): fetch the service's CA
 * certificates, keep only the one the code's fingerprint pins, and enroll with it as the sole
 * trust anchor, declaring the code's ownership and (for a personal device) consent.
 */
import { createHash, X509Certificate } from 'node:crypto';
import type { EnrollmentCode } from '@vigil/shared';
import type { TestDevice } from './device.js';
import { httpsRequest, type HttpsResponse } from './https.js';

export const caFingerprintOf = (pem: string) =>
  createHash('sha256').update(new X509Certificate(pem).raw).digest('base64url');

export async function enrollWithCode(
  url: string,
  code: EnrollmentCode,
  device: TestDevice,
  fetchCa: string,
): Promise<{ pinned: string[]; enrolled: HttpsResponse }> {
  const anchors = (await httpsRequest(`${url}/v1/enroll/ca`, { ca: fetchCa })).json<{ caCertificates: string[] }>();
  const pinned = anchors.caCertificates.filter((pem) => caFingerprintOf(pem) === code.caFingerprint);
  const enrolled = await httpsRequest(`${url}/v1/enroll`, {
    ca: pinned,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token: code.token,
      csr: device.csr(),
      ownership: code.ownership,
      consent: { statementVersion: '1', acceptedAt: new Date().toISOString() },
    }),
  });
  return { pinned, enrolled };
}
