/** Issues a device certificate for a parsed CSR and shapes the response both routes return. */
import type { ServiceContext } from '../../context.js';
import type { IssuedCertificate } from '../../ca/authority.js';
import type { ParsedCsr } from '../../ca/csr.js';
import type { NewCertificate } from '../../store/types.js';

export function issueDeviceCertificate(ctx: ServiceContext, deviceId: string, csr: ParsedCsr, now: Date) {
  const issued = ctx.authority.issueDevice({
    deviceId,
    publicKey: csr.forgePublicKey,
    lifetimeSeconds: ctx.settings.deviceCertLifetimeDays * 86_400,
    now,
  });
  const record: NewCertificate = {
    thumbprint: issued.thumbprint,
    serialHex: issued.serialHex,
    spkiThumbprint: csr.spkiThumbprint,
    notBefore: issued.notBefore,
    notAfter: issued.notAfter,
    pem: issued.pem,
  };
  return { issued, record };
}

export function certificateBody(ctx: ServiceContext, issued: IssuedCertificate) {
  const lifetime = issued.notAfter.getTime() - issued.notBefore.getTime();
  return {
    certificate: issued.pem,
    caCertificates: [...ctx.caCertificates],
    notBefore: issued.notBefore.toISOString(),
    notAfter: issued.notAfter.toISOString(),
    renewAfter: new Date(issued.notBefore.getTime() + Math.floor((lifetime * 2) / 3)).toISOString(),
  };
}
