/**
 * Key material every replica of a PostgreSQL-backed service shares, kept in the database
 * (`key_material`) and created once under its advisory lock, never per replica: the device CA
 * (devices enrolled by one replica authenticate at all of them), the result-signing key ring
 * (one JWKS whichever replica a gateway asks) and the secret TLS ticket keys derive from (an
 * agent resumes its session at any replica). A data directory that already holds a CA or a key
 * ring from a single-node (SQLite) life is imported on first start, so enrolled devices and
 * pinned gateways keep working; a data directory holding a *different* CA is refused.
 */
import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { VigilError } from '@vigil/shared';
import type { KeyRingStorage } from './appraisal/result-keys.js';
import { CertificateAuthority } from './ca/authority.js';
import { dataPaths, readIfExists, writePrivateFile } from './data-dir.js';
import type { KeyMaterialStore } from './store/key-material.js';

export const CA_MATERIAL = 'device-ca';
export const RESULT_KEYS_MATERIAL = 'result-signing-keys';
export const TLS_TICKET_SECRET_MATERIAL = 'tls-ticket-secret';

export class KeyMaterialError extends VigilError {
  constructor(
    code: 'VIGIL_KEYS_CA_MISMATCH' | 'VIGIL_KEYS_UNREADABLE',
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(code, message, options);
    this.name = 'KeyMaterialError';
  }
}

export async function openSharedAuthority(
  material: KeyMaterialStore,
  dataDir: string,
  options: { keyBits?: number } = {},
): Promise<CertificateAuthority> {
  const paths = dataPaths(dataDir);
  const fileKey = readIfExists(paths.caKey);
  const fileCert = readIfExists(paths.caCert);
  const stored = await material.update(CA_MATERIAL, async (current) => {
    if (current !== undefined) return undefined;
    if (fileKey && fileCert) return JSON.stringify({ keyPem: fileKey, certPem: fileCert });
    // A certificate without its key cannot be imported, and a new CA would not match it.
    if (fileCert) throw mismatch(paths.caCert);
    const created = await CertificateAuthority.create(options);
    return JSON.stringify({ keyPem: created.keyPem(), certPem: created.certPem });
  });
  const { keyPem, certPem } = parseCa(stored);
  if (fileCert && fingerprint(fileCert) !== fingerprint(certPem)) throw mismatch(paths.caCert);
  // The public certificate agents pin at enrollment; the key stays in the database only.
  if (!fileCert) writePrivateFile(paths.caCert, certPem);
  return new CertificateAuthority(createPrivateKey(keyPem), certPem);
}

/** The shared result key ring; `importFile` seeds it once from a single-node data directory. */
export function sharedKeyRingStorage(material: KeyMaterialStore, importFile: string): KeyRingStorage {
  return {
    read: () => material.read(RESULT_KEYS_MATERIAL),
    update: (change) => material.update(RESULT_KEYS_MATERIAL, (current) => change(current ?? readIfExists(importFile))),
  };
}

/** The secret every replica derives its TLS ticket keys from (tls-tickets.ts), created once. */
export async function openTicketSecret(material: KeyMaterialStore): Promise<Buffer> {
  const stored = await material.update(TLS_TICKET_SECRET_MATERIAL, async (current) =>
    current === undefined ? randomBytes(32).toString('base64') : undefined,
  );
  const secret = Buffer.from(stored ?? '', 'base64');
  if (secret.length !== 32)
    throw new KeyMaterialError('VIGIL_KEYS_UNREADABLE', 'the shared TLS ticket secret in the database is unreadable');
  return secret;
}

function parseCa(text: string | undefined): { keyPem: string; certPem: string } {
  try {
    const value = JSON.parse(text ?? '') as { keyPem?: unknown; certPem?: unknown };
    if (typeof value.keyPem === 'string' && typeof value.certPem === 'string')
      return { keyPem: value.keyPem, certPem: value.certPem };
  } catch (error) {
    throw new KeyMaterialError('VIGIL_KEYS_UNREADABLE', 'the shared device CA in the database is unreadable', {
      cause: error,
    });
  }
  throw new KeyMaterialError('VIGIL_KEYS_UNREADABLE', 'the shared device CA in the database is incomplete');
}

const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;

const mismatch = (caCert: string) =>
  new KeyMaterialError(
    'VIGIL_KEYS_CA_MISMATCH',
    `${caCert} is not the CA this database uses; remove it (and ca-key.pem) or point --db at its database`,
  );
