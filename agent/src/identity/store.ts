/**
 * The device identity on disk, in `<state-dir>/identity/`:
 *   identity.json          pointer: device id, service URL, current key/cert file names
 *   device-<n>.key  0600   PKCS#8 private key (never in SQLite, never logged)
 *   device-<n>.crt         certificate issued by the service
 *   server-ca.pem          the only trust anchor for the service's TLS certificate
 * Renewal writes a new numbered key/cert pair and then swaps the pointer atomically, so a crash
 * at any point leaves a matching key and certificate in use.
 */
import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { KeyObject } from 'node:crypto';
import { inspectCertificate, type CertificateInfo } from './certificate.js';
import { IdentityError } from './errors.js';
import { ensurePrivateDir, writeFileAtomic } from './files.js';
import { loadPrivateKey } from './keys.js';

const PointerSchema = z.strictObject({
  version: z.literal(1),
  deviceId: z.string(),
  serverUrl: z.url({ protocol: /^https$/ }),
  keyFile: z.string().regex(/^device-\d+\.key$/),
  certFile: z.string().regex(/^device-\d+\.crt$/),
  enrolledAt: z.iso.datetime(),
  renewedAt: z.iso.datetime().optional(),
});
type Pointer = z.infer<typeof PointerSchema>;

export interface DeviceIdentity {
  deviceId: string;
  serverUrl: string;
  privateKey: KeyObject;
  privateKeyPem: string;
  certificatePem: string;
  serverCaPem: string;
  certificate: CertificateInfo;
  enrolledAt: string;
}

export const identityDir = (stateDir: string) => join(stateDir, 'identity');
const POINTER = 'identity.json';
const SERVER_CA = 'server-ca.pem';

export async function isEnrolled(stateDir: string): Promise<boolean> {
  try {
    await readFile(join(identityDir(stateDir), POINTER));
    return true;
  } catch {
    return false;
  }
}

export async function loadIdentity(stateDir: string): Promise<DeviceIdentity> {
  const dir = identityDir(stateDir);
  let pointer: Pointer;
  try {
    pointer = PointerSchema.parse(JSON.parse(await readFile(join(dir, POINTER), 'utf8')));
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new IdentityError(
        'VIGIL_IDENTITY_NOT_ENROLLED',
        'this device is not enrolled: run "vigil enroll --server URL --token TOKEN --ca FILE"',
      );
    }
    throw new IdentityError('VIGIL_IDENTITY_FILES_INVALID', `cannot read ${join(dir, POINTER)}`, { cause });
  }
  try {
    const [privateKeyPem, certificatePem, serverCaPem] = await Promise.all(
      [pointer.keyFile, pointer.certFile, SERVER_CA].map((name) => readFile(join(dir, name), 'utf8')),
    );
    const certificate = inspectCertificate(certificatePem!);
    if (certificate.deviceId !== pointer.deviceId) {
      throw new IdentityError('VIGIL_IDENTITY_CERT_MISMATCH', 'certificate device id differs from identity.json');
    }
    return {
      deviceId: pointer.deviceId,
      serverUrl: pointer.serverUrl,
      privateKey: loadPrivateKey(privateKeyPem!),
      privateKeyPem: privateKeyPem!,
      certificatePem: certificatePem!,
      serverCaPem: serverCaPem!,
      certificate,
      enrolledAt: pointer.enrolledAt,
    };
  } catch (cause) {
    if (cause instanceof IdentityError) throw cause;
    throw new IdentityError('VIGIL_IDENTITY_FILES_INVALID', `identity files in ${dir} are unreadable or damaged`, {
      cause,
    });
  }
}

export interface IssuedIdentity {
  deviceId: string;
  serverUrl: string;
  privateKeyPem: string;
  certificatePem: string;
  /** Written on enrollment only; renewal keeps the anchor the user vouched for. */
  serverCaPem?: string;
  enrolledAt: string;
  renewedAt?: string;
}

/** Writes a new key/cert pair, then swaps the pointer; old pairs are removed afterwards. */
export async function saveIdentity(stateDir: string, issued: IssuedIdentity): Promise<void> {
  const dir = identityDir(stateDir);
  try {
    await ensurePrivateDir(stateDir);
    await ensurePrivateDir(dir);
    const n = Date.now();
    const keyFile = `device-${n}.key`;
    const certFile = `device-${n}.crt`;
    await writeFileAtomic(join(dir, keyFile), issued.privateKeyPem, 0o600);
    await writeFileAtomic(join(dir, certFile), issued.certificatePem, 0o644);
    if (issued.serverCaPem !== undefined) await writeFileAtomic(join(dir, SERVER_CA), issued.serverCaPem, 0o644);
    const pointer: Pointer = {
      version: 1,
      deviceId: issued.deviceId,
      serverUrl: issued.serverUrl,
      keyFile,
      certFile,
      enrolledAt: issued.enrolledAt,
      ...(issued.renewedAt ? { renewedAt: issued.renewedAt } : {}),
    };
    await writeFileAtomic(join(dir, POINTER), `${JSON.stringify(pointer, null, 2)}\n`, 0o600);
    for (const name of await readdir(dir)) {
      if (/^device-\d+\.(key|crt)$/.test(name) && name !== keyFile && name !== certFile) await unlink(join(dir, name));
    }
  } catch (cause) {
    throw new IdentityError(
      'VIGIL_IDENTITY_STORE_FAILED',
      `cannot write the device identity to ${dir}: ${(cause as Error).message}`,
      { cause },
    );
  }
}
