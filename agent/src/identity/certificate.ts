/** Facts about the device certificate, read with node:crypto (forge never parses for trust). */
import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import { DEVICE_ID_PATTERN, DEVICE_URN_PREFIX } from '@vigil/shared/core';
import { IdentityError } from './errors.js';

export interface CertificateInfo {
  deviceId: string;
  notBefore: Date;
  notAfter: Date;
  /** base64url SHA-256 of the DER: the evidence `kid` and the EAR `cnf.x5t#S256`. */
  thumbprint: string;
  serialNumber: string;
}

export function inspectCertificate(pem: string): CertificateInfo {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch (cause) {
    throw new IdentityError('VIGIL_IDENTITY_FILES_INVALID', 'device certificate is not a valid PEM certificate', {
      cause,
    });
  }
  const uris = (cert.subjectAltName ?? '')
    .split(/,\s*/)
    .filter((entry) => entry.startsWith('URI:'))
    .map((entry) => entry.slice(4));
  const deviceUri = uris.find((uri) => uri.startsWith(DEVICE_URN_PREFIX));
  const deviceId = deviceUri?.slice(DEVICE_URN_PREFIX.length);
  if (!deviceId || !DEVICE_ID_PATTERN.test(deviceId)) {
    throw new IdentityError(
      'VIGIL_IDENTITY_CERT_MISMATCH',
      `device certificate has no ${DEVICE_URN_PREFIX}<id> URI SAN`,
    );
  }
  return {
    deviceId,
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    thumbprint: createHash('sha256').update(cert.raw).digest('base64url'),
    serialNumber: cert.serialNumber,
  };
}

/** True when the certificate certifies this public key (the service answered our CSR). */
export function certificateMatchesKey(pem: string, publicKey: KeyObject): boolean {
  const certKey = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return Buffer.compare(certKey, publicKey.export({ type: 'spki', format: 'der' })) === 0;
}

/**
 * When to renew: at 2/3 of the lifetime, minus up to 5 % of it as jitter so a fleet enrolled
 * together does not renew together. The jitter is derived from the thumbprint, so it is stable
 * across restarts of the same device.
 */
export function renewalTime(info: CertificateInfo): Date {
  const from = info.notBefore.getTime();
  const lifetime = info.notAfter.getTime() - from;
  const seed = createHash('sha256').update(info.thumbprint).digest().readUInt32BE(0) / 0xffffffff;
  return new Date(from + (lifetime * 2) / 3 - lifetime * 0.05 * seed);
}
