/**
 * PostgreSQL stores for tests: every store gets its own schema in the test cluster's database
 * (named by the connection's search_path), so test files run in parallel without seeing each
 * other. A backup copies the schema's durable tables; a restore loads them into a fresh schema.
 */
import { randomBytes } from 'node:crypto';
import type { StoreLocation } from '../store/location.js';
import { createPool, type Pool } from '../store/postgres/pool.js';
import { openPostgresStore } from '../store/postgres/postgres-store.js';
import type { Store } from '../store/types.js';
import type { TestStores } from './stores.js';

/** Small pools: many stores live at once across parallel test files. */
const TEST_POOL_SIZE = 4;

/** `baseUrl` points at a database in which the user may create schemas (e.g. the cluster superuser). */
export function postgresTestStores(baseUrl: string): TestStores {
  let admin: Pool | undefined;
  const schemas = new WeakMap<Store, string>();
  const adminPool = () => (admin ??= createPool({ url: baseUrl, max: 2, applicationName: 'vigil-test-admin' }));

  const freshSchema = async () => {
    const schema = `t_${randomBytes(8).toString('hex')}`;
    await adminPool().query(`CREATE SCHEMA ${schema}`);
    return schema;
  };
  const open = async (schema: string) => {
    const store = await openPostgresStore({ url: urlForSchema(baseUrl, schema), max: TEST_POOL_SIZE });
    schemas.set(store, schema);
    return store;
  };

  return {
    kind: 'postgres',
    create: async () => open(await freshSchema()),
    async location(): Promise<StoreLocation> {
      return { kind: 'postgres', url: urlForSchema(baseUrl, await freshSchema()), poolSize: TEST_POOL_SIZE };
    },
    async backup(store) {
      const source = schemas.get(store);
      if (!source) throw new Error('backup: not a store from this factory');
      const snapshot = await freshSchema();
      const tables = await durableTables(adminPool(), source);
      for (const table of tables) {
        await adminPool().query(`CREATE TABLE ${snapshot}.${table} AS SELECT * FROM ${source}.${table}`);
      }
      return {
        async restore() {
          const target = await freshSchema();
          const restored = await open(target);
          await copyTables(adminPool(), snapshot, target, tables);
          return restored;
        },
      };
    },
    async close() {
      await admin?.end();
      admin = undefined;
    },
  };
}

/** The base URL with `options=-c search_path=<schema>`, which every pooled connection applies. */
export function urlForSchema(baseUrl: string, schema: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/** Logged tables only: a backup holds no UNLOGGED data (nonces, in-progress markers). */
async function durableTables(pool: Pool, schema: string): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relpersistence = 'p' ORDER BY 1`,
    [schema],
  );
  return rows.map((r) => r.name);
}

/** Replaces the target's rows with the snapshot's; foreign keys are checked by neither copy. */
async function copyTables(pool: Pool, from: string, to: string, tables: string[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    for (const table of tables) {
      await client.query(`DELETE FROM ${to}.${table}`);
      await client.query(`INSERT INTO ${to}.${table} SELECT * FROM ${from}.${table}`);
    }
    // Identity columns continue after the copied rows.
    const { rows } = await client.query<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = $1 AND is_identity = 'YES'",
      [to],
    );
    for (const { table_name: table, column_name: column } of rows) {
      await client.query(
        `SELECT setval(pg_get_serial_sequence('${to}.${table}', '${column}'), COALESCE(MAX(${column}), 0) + 1, false) FROM ${to}.${table}`,
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
