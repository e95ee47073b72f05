/**
 * First start creates the CA and a server certificate in the data directory; later starts load
 * them. The server certificate is re-issued when it is missing, expires within 30 days, does not
 * cover a configured host name, or was not issued by the CA in use. An operator may bring their
 * own TLS certificate instead.
 */
import { createPrivateKey, generateKeyPair, X509Certificate, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { dataPaths, ensurePrivateDir, readIfExists, writePrivateFile } from '../data-dir.js';
import { CertificateAuthority } from './authority.js';

const generateKeyPairAsync = promisify(generateKeyPair);
const RENEW_BEFORE_MS = 30 * 86_400_000;

export async function loadOrCreateAuthority(
  dataDir: string,
  options: { keyBits?: number } = {},
): Promise<CertificateAuthority> {
  ensurePrivateDir(dataDir);
  const paths = dataPaths(dataDir);
  const keyPem = readIfExists(paths.caKey);
  const certPem = readIfExists(paths.caCert);
  if (keyPem && certPem) return new CertificateAuthority(createPrivateKey(keyPem), certPem);
  const authority = await CertificateAuthority.create(options);
  writePrivateFile(paths.caKey, authority.keyPem());
  writePrivateFile(paths.caCert, authority.certPem);
  return authority;
}

export interface ServerTls {
  key: string;
  cert: string;
  /** PEMs agents should trust for the server certificate (our CA unless the operator's). */
  trustAnchors: string[];
}

export async function loadOrCreateServerTls(
  dataDir: string,
  authority: CertificateAuthority,
  options: { names: readonly string[]; operator?: { keyPem: string; certPem: string; caPem?: string }; now?: Date },
): Promise<ServerTls> {
  if (options.operator) {
    const { keyPem, certPem, caPem } = options.operator;
    return { key: keyPem, cert: certPem, trustAnchors: caPem ? [caPem] : [] };
  }
  const paths = dataPaths(dataDir);
  const now = options.now ?? new Date();
  const keyPem = readIfExists(paths.serverKey);
  const certPem = readIfExists(paths.serverCert);
  if (keyPem && certPem && stillGood(certPem, authority, options.names, now)) {
    return { key: keyPem, cert: certPem, trustAnchors: [authority.certPem] };
  }
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048 });
  const issued = authority.issueServer({
    names: options.names,
    publicKey: publicKey as KeyObject,
    lifetimeDays: 397,
    now,
  });
  const newKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  writePrivateFile(paths.serverKey, newKeyPem);
  writePrivateFile(paths.serverCert, issued.pem);
  return { key: newKeyPem, cert: issued.pem, trustAnchors: [authority.certPem] };
}

function stillGood(certPem: string, authority: CertificateAuthority, names: readonly string[], now: Date): boolean {
  const cert = new X509Certificate(certPem);
  if (new Date(cert.validTo).getTime() - now.getTime() < RENEW_BEFORE_MS) return false;
  // A replica's data directory may hold a certificate from before it joined a shared CA.
  if (!authority.issued(cert)) return false;
  return names.every((name) =>
    /^[\d.]+$|:/.test(name) ? cert.checkIP(name) !== undefined : cert.checkHost(name) !== undefined,
  );
}
