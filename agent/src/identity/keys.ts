/**
 * Device keys come from node:crypto (native, ~100× faster than forge's pure JS). RSA because
 * node-forge, which builds our CSRs and the service's certificates, handles only RSA in X.509.
 */
import { createPrivateKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

export const KEY_SIZES = [2048, 3072] as const;
export type KeySize = (typeof KEY_SIZES)[number];

const generate = promisify(generateKeyPair);

export interface DeviceKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** PKCS#8 PEM, written to a 0600 file; never to SQLite, never logged. */
  privateKeyPem: string;
}

export async function generateDeviceKey(bits: KeySize = 2048): Promise<DeviceKey> {
  const { privateKey, publicKey } = await generate('rsa', { modulusLength: bits, publicExponent: 0x10001 });
  return { privateKey, publicKey, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
}

export function loadPrivateKey(pem: string): KeyObject {
  return createPrivateKey({ key: pem, format: 'pem' });
}
