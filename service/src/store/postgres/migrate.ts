/**
 * Applies the numbered PostgreSQL migrations. Several replicas may start at once: each takes a
 * session advisory lock (keyed by the schema, so services in different schemas of one database
 * do not wait for each other), and whoever comes second finds the work done. Each migration runs
 * in its own transaction with its `schema_version` row.
 */
import { POSTGRES_MIGRATIONS } from '../migrations/postgres/index.js';
import type { Migration } from '../migrations/index.js';
import { StoreError } from '../errors.js';
import type { Client, Pool } from './pool.js';
import { ADVISORY_NAMESPACE } from './transaction.js';

const MIGRATION_LOCK = `hashtext('vigil-migrate:' || current_schema())`;

/** Returns the schema version the database now has (= the latest migration). */
export async function migrate(pool: Pool, migrations: readonly Migration[] = POSTGRES_MIGRATIONS): Promise<number> {
  const client = await pool.connect();
  try {
    await requireSchema(client);
    await client.query(`SELECT pg_advisory_lock(${ADVISORY_NAMESPACE}, ${MIGRATION_LOCK})`);
    try {
      return await applyPending(client, migrations);
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${ADVISORY_NAMESPACE}, ${MIGRATION_LOCK})`);
    }
  } finally {
    client.release();
  }
}

/** The schema version recorded in the database (0: none yet). */
export async function schemaVersion(db: Pick<Pool, 'query'>): Promise<number> {
  const { rows } = await db.query<{ v: number | null }>('SELECT MAX(version)::bigint AS v FROM schema_version');
  return rows[0]?.v ?? 0;
}

async function requireSchema(client: Client): Promise<void> {
  const { rows } = await client.query<{ schema: string | null }>('SELECT current_schema() AS schema');
  if (!rows[0]?.schema) {
    throw new StoreError(
      'VIGIL_STORE_SCHEMA_MISSING',
      'the connection search_path names no existing schema; create it or fix options=-c search_path=…',
    );
  }
}

async function applyPending(client: Client, migrations: readonly Migration[]): Promise<number> {
  await client.query(
    'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
  );
  const current = await schemaVersion(client);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new StoreError(
      'VIGIL_STORE_SCHEMA_NEWER',
      `database schema version ${current} is newer than this service (${latest}); refusing to run`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    await client.query('BEGIN');
    try {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        Date.now(),
      ]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  }
  return latest;
}
