/**
 * The PostgreSQL `Store`: several stateless service replicas share one database. Everything that
 * must happen once across replicas happens in the database (see enrollment.ts, idempotency.ts,
 * ingest.ts); nothing is kept in process memory. Also exposes the shared key material.
 */
import type { KeyMaterialStore } from '../key-material.js';
import { StoreError } from '../errors.js';
import type { Store, StoredPolicy } from '../types.js';
import { deviceQueries } from './devices.js';
import { enrollmentQueries } from './enrollment.js';
import { idempotencyQueries } from './idempotency.js';
import { ingestQueries } from './ingest.js';
import { keyMaterialQueries } from './key-material.js';
import { migrate, schemaVersion } from './migrate.js';
import { createPool, type Pool, type PoolOptions } from './pool.js';
import { ADVISORY_NAMESPACE, inTransaction } from './transaction.js';

const TOKEN_GRACE_MS = 7 * 86_400_000;

export interface PostgresStore extends Store {
  readonly keyMaterial: KeyMaterialStore;
}

/** Connects, applies pending migrations (under the migration lock) and returns the store. */
export async function openPostgresStore(options: PoolOptions): Promise<PostgresStore> {
  const pool = createPool(options);
  let version: number;
  try {
    version = await migrate(pool);
  } catch (error) {
    await pool.end().catch(() => undefined);
    if (error instanceof StoreError) throw error;
    // pg's messages name host, port and user at most, never the password.
    throw new StoreError(
      'VIGIL_STORE_UNAVAILABLE',
      `cannot open the PostgreSQL database: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return postgresStore(pool, version);
}

function postgresStore(pool: Pool, version: number): PostgresStore {
  const enrollment = enrollmentQueries(pool);
  const devices = deviceQueries(pool);
  const idempotency = idempotencyQueries(pool);
  const hot = ingestQueries(pool);

  return {
    keyMaterial: keyMaterialQueries(pool),
    close: () => pool.end(),
    async ping() {
      // Ready means reachable *and* at the schema this process migrated to (not a restored or newer one).
      const found = await schemaVersion(pool);
      if (found !== version)
        throw new StoreError('VIGIL_STORE_SCHEMA_CHANGED', `database schema version is ${found}, expected ${version}`);
    },
    ...enrollment,
    ...devices,
    ...idempotency,
    ...hot,
    async getPolicy(): Promise<StoredPolicy | undefined> {
      const { rows } = await pool.query<{ text: string; hash: string; created_at: number }>(
        'SELECT text, hash, created_at FROM policy ORDER BY id DESC LIMIT 1',
      );
      const row = rows[0];
      return row ? { text: row.text, hash: row.hash, updatedAt: new Date(row.created_at) } : undefined;
    },
    async putPolicy(p) {
      await pool.query('INSERT INTO policy (hash, text, created_at) VALUES ($1, $2, $3)', [
        p.hash,
        p.text,
        p.now.getTime(),
      ]);
    },
    async purge(now, keepIdempotencyMs) {
      const t = now.getTime();
      await inTransaction(pool, async (tx) => {
        // Every replica runs the purge timer; one at a time is enough, the others skip this round.
        const { rows } = await tx.query<{ locked: boolean }>(
          `SELECT pg_try_advisory_xact_lock(${ADVISORY_NAMESPACE}, hashtext('vigil-purge:' || current_schema())) AS locked`,
        );
        if (!rows[0]?.locked) return;
        // Expired nonces linger ten minutes so a late report hears "expired", not "unknown".
        await tx.query('DELETE FROM nonces WHERE expires_at <= $1', [t - 600_000]);
        await tx.query('DELETE FROM idempotency WHERE created_at < $1', [t - keepIdempotencyMs]);
        await tx.query('DELETE FROM idempotency_pending WHERE created_at < $1', [t - 3_600_000]);
        await tx.query('DELETE FROM enrollment_tokens WHERE expires_at < $1', [t - TOKEN_GRACE_MS]);
      });
    },
  };
}
