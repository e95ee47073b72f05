/**
 * Enrollment: a fresh key made on this device, a CSR signed with it, a one-time token; the
 * service answers with the certificate. The service CA must be given by the user (`--ca FILE`):
 * trusting whatever certificate the server shows on first use would let anyone on the path
 * enroll the device to themselves.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { certificateMatchesKey, inspectCertificate } from './certificate.js';
import { IdentityError } from './errors.js';
import { loadCsrBuilder } from './lazy-csr.js';
import { generateDeviceKey, type KeySize } from './keys.js';
import { isEnrolled, saveIdentity, type DeviceIdentity, loadIdentity } from './store.js';

export interface EnrollRequest {
  stateDir: string;
  serverUrl: string;
  token: string;
  /** The service CA: a file the user was given, or a PEM already pinned by an enrollment code. */
  caFile?: string;
  caPem?: string;
  keySize: KeySize;
  /** Replace an existing enrollment (expired certificate, banned device, new service). */
  force: boolean;
  /** Re-enroll this existing device (the token must be bound to it by the administrator). */
  deviceId?: string;
  /** Personal devices declare it, with the consent the owner gave (sent with the request). */
  ownership?: 'managed' | 'personal';
  consent?: { statementVersion: string; acceptedAt: string };
}

export type EnrollSender = (input: {
  serverUrl: string;
  caPem: string;
  token: string;
  csr: string;
  deviceId?: string;
  ownership?: 'managed' | 'personal';
  consent?: { statementVersion: string; acceptedAt: string };
}) => Promise<{
  deviceId: string;
  certificate: string;
  caCertificates?: string | string[];
}>;

export async function readCaBundle(file: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (cause) {
    throw new IdentityError('VIGIL_IDENTITY_CA_REQUIRED', `cannot read the service CA file ${file}`, { cause });
  }
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new IdentityError('VIGIL_IDENTITY_CA_REQUIRED', `${file} holds no PEM certificate`);
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (cause) {
      throw new IdentityError('VIGIL_IDENTITY_CA_REQUIRED', `${file} holds a certificate that cannot be parsed`, {
        cause,
      });
    }
  }
  return `${blocks.join('\n')}\n`;
}

export async function enroll(
  request: EnrollRequest,
  send: EnrollSender,
  now: () => Date = () => new Date(),
): Promise<DeviceIdentity> {
  if (!request.force && (await isEnrolled(request.stateDir))) {
    throw new IdentityError(
      'VIGIL_IDENTITY_ALREADY_ENROLLED',
      'this device is already enrolled; to replace its identity (expired certificate, banned device, new service) run "vigil enroll --force" with a new token',
    );
  }
  const caPem = request.caPem ?? (request.caFile !== undefined ? await readCaBundle(request.caFile) : undefined);
  if (caPem === undefined)
    throw new IdentityError('VIGIL_IDENTITY_CA_REQUIRED', 'the service CA is required (--ca FILE or --code)');
  const key = await generateDeviceKey(request.keySize);
  const csr = (await loadCsrBuilder())(key.privateKey, key.publicKey);
  const answer = await send({
    serverUrl: request.serverUrl,
    caPem,
    token: request.token,
    csr,
    ...(request.deviceId ? { deviceId: request.deviceId } : {}),
    ...(request.ownership ? { ownership: request.ownership } : {}),
    ...(request.consent ? { consent: request.consent } : {}),
  });
  if (!certificateMatchesKey(answer.certificate, key.publicKey)) {
    throw new IdentityError('VIGIL_IDENTITY_CERT_MISMATCH', 'the service returned a certificate for another key');
  }
  const info = inspectCertificate(answer.certificate);
  if (info.deviceId !== answer.deviceId || (request.deviceId !== undefined && request.deviceId !== answer.deviceId)) {
    throw new IdentityError(
      'VIGIL_IDENTITY_CERT_MISMATCH',
      'the certificate names another device than the service said',
    );
  }
  await saveIdentity(request.stateDir, {
    deviceId: answer.deviceId,
    serverUrl: request.serverUrl,
    privateKeyPem: key.privateKeyPem,
    certificatePem: answer.certificate,
    serverCaPem: caPem,
    enrolledAt: now().toISOString(),
  });
  return loadIdentity(request.stateDir);
}
