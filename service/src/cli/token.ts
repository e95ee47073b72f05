/** `vigil-service token create --enroll|--admin|--gateway`: writes the hash, prints the token once. */
import { join } from 'node:path';
import { dataPaths, ensurePrivateDir } from '../data-dir.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { mintToken } from '../tokens.js';
import { parseDuration } from './duration.js';
import { UsageError } from './usage.js';

export interface TokenOptions {
  dataDir: string;
  enroll: boolean;
  admin: boolean;
  gateway: boolean;
  ttl: string;
  uses: string;
  deviceId: string | undefined;
  label: string | undefined;
  json: boolean;
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
  ensurePrivateDir(options.dataDir);
  const store = openSqliteStore(dataPaths(options.dataDir).database, { backgroundCheckpoint: false });
  try {
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
    await store.createEnrollmentToken({
      id: minted.id,
      secretHash: minted.secretHash,
      expiresAt,
      uses,
      ...(options.deviceId ? { deviceId: options.deviceId } : {}),
      now,
    });
    out(
      options.json
        ? JSON.stringify({
            kind: 'enroll',
            token: minted.token,
            id: minted.id,
            expiresAt: expiresAt.toISOString(),
            uses,
            deviceId: options.deviceId ?? null,
          })
        : minted.token,
    );
  } finally {
    await store.close();
  }
}

export const defaultDataDir = (env: NodeJS.ProcessEnv) =>
  env.VIGIL_SERVICE_DATA_DIR ?? join(process.cwd(), '.vigil-dev', 'service');
