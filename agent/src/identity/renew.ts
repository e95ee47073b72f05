/**
 * Certificate renewal over mTLS at ~2/3 of the lifetime (jittered per device). A new key is
 * made each time, so a copied key stops working at the next renewal of the real device. A banned
 * device is refused by the service; it then needs a re-enrollment (docs/agent.md).
 */
import { certificateMatchesKey, inspectCertificate, renewalTime } from './certificate.js';
import { IdentityError } from './errors.js';
import { loadCsrBuilder } from './lazy-csr.js';
import { generateDeviceKey, type KeySize } from './keys.js';
import { loadIdentity, saveIdentity, type DeviceIdentity } from './store.js';

export type RenewSender = (identity: DeviceIdentity, csrPem: string) => Promise<{ certificate: string }>;

export function renewalDue(identity: DeviceIdentity, now: Date): boolean {
  return (
    now.getTime() >= renewalTime(identity.certificate).getTime() &&
    now.getTime() < identity.certificate.notAfter.getTime()
  );
}

export function certificateExpired(identity: DeviceIdentity, now: Date): boolean {
  return now.getTime() >= identity.certificate.notAfter.getTime();
}

export async function renewIdentity(
  stateDir: string,
  identity: DeviceIdentity,
  send: RenewSender,
  options: { keySize?: KeySize; now?: () => Date } = {},
): Promise<DeviceIdentity> {
  const now = options.now ?? (() => new Date());
  const bits =
    (identity.privateKey.asymmetricKeyDetails?.modulusLength as KeySize | undefined) ?? options.keySize ?? 2048;
  const key = await generateDeviceKey(bits === 3072 ? 3072 : 2048);
  const answer = await send(identity, (await loadCsrBuilder())(key.privateKey, key.publicKey));
  if (!certificateMatchesKey(answer.certificate, key.publicKey)) {
    throw new IdentityError('VIGIL_IDENTITY_CERT_MISMATCH', 'the renewed certificate is for another key');
  }
  if (inspectCertificate(answer.certificate).deviceId !== identity.deviceId) {
    throw new IdentityError('VIGIL_IDENTITY_CERT_MISMATCH', 'the renewed certificate names another device');
  }
  await saveIdentity(stateDir, {
    deviceId: identity.deviceId,
    serverUrl: identity.serverUrl,
    privateKeyPem: key.privateKeyPem,
    certificatePem: answer.certificate,
    enrolledAt: identity.enrolledAt,
    renewedAt: now().toISOString(),
  });
  return loadIdentity(stateDir);
}
