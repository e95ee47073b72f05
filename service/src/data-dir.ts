/**
 * Files in the data directory hold private keys and the database: the directory is 0700 and
 * every file we write is 0600, written to a temporary name and renamed so a crash never leaves a
 * half-written key behind.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

export function writePrivateFile(path: string, contents: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

export function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

export const dataPaths = (dataDir: string) => ({
  database: join(dataDir, 'vigil-service.sqlite'),
  caKey: join(dataDir, 'ca-key.pem'),
  caCert: join(dataDir, 'ca-cert.pem'),
  serverKey: join(dataDir, 'server-key.pem'),
  serverCert: join(dataDir, 'server-cert.pem'),
  resultKeys: join(dataDir, 'result-signing-keys.json'),
});
