/**
 * `vigil-service token create --enroll|--admin|--gateway`: writes the hash, prints the token once
 * (or, with `--enroll --code`, the enrollment code that carries it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOrCreateAuthority } from '../ca/load.js';
import { ensurePrivateDir } from '../data-dir.js';
import { makeEnrollmentCode, serviceUrlProblem } from '../routes/enroll/code.js';
import { openSharedAuthority } from '../shared-keys.js';
import type { KeyMaterialStore } from '../store/key-material.js';
import { resolveStoreLocation } from '../store/location.js';
import { openStore } from '../store/open-store.js';
import { mintToken } from '../tokens.js';
import { parseDuration } from './duration.js';
import { UsageError } from './usage.js';

export interface TokenOptions {
  dataDir: string;
  /** `--db` / VIGIL_DB and `--db-pool-size` (see store/location.ts). */
  db: string | undefined;
  poolSize: string | undefined;
  enroll: boolean;
  admin: boolean;
  gateway: boolean;
  ttl: string;
  uses: string;
  deviceId: string | undefined;
  label: string | undefined;
  json: boolean;
  /** Print an enrollment code instead of the bare token (with `--enroll`). */
  code: boolean;
  personal: boolean;
  /** `--server-url`; `envServerUrl` (VIGIL_SERVICE_URL) is the fallback. */
  serverUrl: string | undefined;
  envServerUrl: string | undefined;
  /** CA of an operator TLS certificate: the anchor the code pins instead of the device CA. */
  tlsCa: string | undefined;
}

export async function createTokenCommand(options: TokenOptions, out: (line: string) => void): Promise<void> {
  if ([options.enroll, options.admin, options.gateway].filter(Boolean).length !== 1)
    throw new UsageError('token create needs exactly one of --enroll, --admin or --gateway');
  const ttlSeconds = parseDuration(options.ttl);
  const uses = Number(options.uses);
  if (options.enroll && (!Number.isInteger(uses) || uses < 1 || uses > 100_000))
    throw new UsageError('--uses must be 1..100000');
  if (options.enroll && (ttlSeconds < 60 || ttlSeconds > 30 * 86_400))
    throw new UsageError('--ttl must be between 1m and 30d');
  const serverUrl = checkCodeOptions(options);
  const location = resolveStoreLocation(options.db, options.dataDir, poolSize(options.poolSize));
  ensurePrivateDir(options.dataDir);
  const { store, keyMaterial } = await openStore(location, { shortLived: true });
  try {
    // Read before the token is stored, so a missing CA file leaves no orphan token behind.
    const trustAnchorPem = serverUrl === undefined ? undefined : await codeTrustAnchor(options, keyMaterial);
    const now = new Date();
    if (options.admin || options.gateway) {
      // Gateway tokens only read attestation results (background check); they open no admin route.
      const scope = options.admin ? 'admin' : 'gateway';
      const minted = mintToken(options.admin ? 'adm' : 'gwy');
      await store.createAdminToken({
        id: minted.id,
        secretHash: minted.secretHash,
        scope,
        ...(options.label ? { label: options.label } : {}),
        now,
      });
      out(options.json ? JSON.stringify({ kind: scope, token: minted.token, id: minted.id }) : minted.token);
      return;
    }
    const minted = mintToken('enr');
    const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
    const ownership = options.personal ? 'personal' : 'managed';
    const code =
      serverUrl === undefined || trustAnchorPem === undefined
        ? undefined
        : await makeEnrollmentCode({ serverUrl, token: minted.token, trustAnchorPem, ownership });
    await store.createEnrollmentToken({
      id: minted.id,
      secretHash: minted.secretHash,
      expiresAt,
      uses,
      ...(options.deviceId ? { deviceId: options.deviceId } : {}),
      // A code says which ownership to enroll with; the token holds the device to it.
      ...(code ? { ownership } : {}),
      now,
    });
    const info = {
      kind: 'enroll',
      token: minted.token,
      id: minted.id,
      expiresAt: expiresAt.toISOString(),
      uses,
      deviceId: options.deviceId ?? null,
      ...(code ? { code, ownership } : {}),
    };
    out(options.json ? JSON.stringify(info) : (code ?? minted.token));
  } finally {
    await store.close();
  }
}

/** The service URL for `--code` (undefined without it); every misuse is a usage error. */
function checkCodeOptions(options: TokenOptions): string | undefined {
  if (!options.code) {
    if (options.personal || options.serverUrl !== undefined)
      throw new UsageError('--personal and --server-url need --code');
    return undefined;
  }
  if (!options.enroll) throw new UsageError('--code needs --enroll');
  // An agent enrolling from a code sends no device id, so a token bound to one could never work.
  if (options.deviceId) throw new UsageError('--code cannot be combined with --device-id');
  const serverUrl = options.serverUrl ?? options.envServerUrl;
  if (serverUrl === undefined)
    throw new UsageError('--code needs --server-url URL (or VIGIL_SERVICE_URL): the https address agents reach');
  const problem = serviceUrlProblem(serverUrl);
  if (problem) throw new UsageError(`--server-url ${problem}`);
  return serverUrl;
}

/** With a shared (PostgreSQL) store the CA is the one every replica uses, from the database. */
async function codeTrustAnchor(options: TokenOptions, keyMaterial: KeyMaterialStore | undefined): Promise<string> {
  if (options.tlsCa === undefined) {
    const authority = keyMaterial
      ? await openSharedAuthority(keyMaterial, options.dataDir)
      : await loadOrCreateAuthority(options.dataDir);
    return authority.certPem;
  }
  const pem = readFileSync(options.tlsCa, 'utf8');
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError('--tls-ca is not a PEM certificate');
  return pem;
}

/** `--db-pool-size`: a number, checked with the rest of the location. */
export const poolSize = (text: string | undefined) => (text === undefined ? undefined : Number(text));

export const defaultDataDir = (env: NodeJS.ProcessEnv) =>
  env.VIGIL_SERVICE_DATA_DIR ?? join(process.cwd(), '.vigil-dev', 'service');
