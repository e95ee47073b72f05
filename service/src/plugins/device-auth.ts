/**
 * mTLS routes: the TLS layer must have accepted the certificate (`socket.authorized`) AND the
 * certificate must be in our registry, active, within its validity at this moment, for an
 * active device. The device id comes from the registry entry, never from the request body.
 */
import type { KeyObject } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { ServiceContext } from '../context.js';
import { ServiceError } from '../errors.js';
import type { DeviceRecord } from '../store/types.js';
import { clientCertificate } from './client-certificate.js';

export interface AuthenticatedDevice {
  id: string;
  thumbprint: string;
  publicKey: KeyObject;
  record: DeviceRecord;
}

declare module 'fastify' {
  interface FastifyRequest {
    device: AuthenticatedDevice | null;
  }
}

const TLS_ERRORS: Record<string, [string, string]> = {
  CERT_HAS_EXPIRED: ['VIGIL_AUTH_CERT_EXPIRED', 'client certificate has expired'],
  CERT_NOT_YET_VALID: ['VIGIL_AUTH_CERT_NOT_YET_VALID', 'client certificate is not yet valid'],
};

const unauthorized = (code: string, message: string) => new ServiceError(401, code, message);

export function deviceAuthHook(ctx: ServiceContext) {
  return async function requireDevice(request: FastifyRequest): Promise<void> {
    const now = ctx.now();
    const cert = clientCertificate(request, {
      testHeader: ctx.settings.testClientCertHeader,
      authority: ctx.authority,
      now,
    });
    if (!cert) throw unauthorized('VIGIL_AUTH_CERT_MISSING', 'this endpoint requires a client certificate');
    if (!cert.authorized) {
      const [code, message] = TLS_ERRORS[cert.authorizationError ?? ''] ?? [
        'VIGIL_AUTH_CERT_UNTRUSTED',
        'client certificate is not issued by this service',
      ];
      throw unauthorized(code, message);
    }
    const identity = await ctx.store.findIdentity(cert.thumbprint);
    if (!identity) throw unauthorized('VIGIL_AUTH_CERT_UNKNOWN', 'client certificate is not registered');
    const { certificate, device } = identity;
    if (certificate.status !== 'active')
      throw unauthorized('VIGIL_AUTH_CERT_REVOKED', 'client certificate was replaced or revoked');
    // Re-checked per request: a keep-alive connection can outlive the certificate.
    if (now < certificate.notBefore)
      throw unauthorized('VIGIL_AUTH_CERT_NOT_YET_VALID', 'client certificate is not yet valid');
    if (now > certificate.notAfter) throw unauthorized('VIGIL_AUTH_CERT_EXPIRED', 'client certificate has expired');
    if (device.status === 'banned') throw new ServiceError(403, 'VIGIL_AUTH_DEVICE_BANNED', 'device is banned');
    if (device.status === 'retired') throw new ServiceError(403, 'VIGIL_AUTH_DEVICE_RETIRED', 'device is retired');
    if (device.currentCertThumbprint !== cert.thumbprint) {
      // First use of a renewed certificate: from now on the older ones are refused.
      await ctx.store.promoteCertificate(device.id, cert.thumbprint);
    }
    request.device = { id: device.id, thumbprint: cert.thumbprint, publicKey: cert.publicKey, record: device };
  };
}

export function authenticated(request: FastifyRequest): AuthenticatedDevice {
  if (!request.device) throw new ServiceError(500, 'VIGIL_INTERNAL', 'device authentication did not run');
  return request.device;
}
