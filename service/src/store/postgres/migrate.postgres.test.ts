/** The PostgreSQL store opens, migrates once under the advisory lock, and refuses what it cannot run. */
import { afterEach, describe, expect, it } from 'vitest';
import { POSTGRES_MIGRATIONS } from '../migrations/postgres/index.js';
import { testStores } from '../../test-support/stores.js';
import { openPostgresStore, type PostgresStore } from './postgres-store.js';
import { createPool } from './pool.js';

const opened: PostgresStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

async function freshUrl(): Promise<string> {
  const location = await testStores().location();
  if (location?.kind !== 'postgres') throw new Error('these tests run in the postgres vitest project');
  return location.url;
}

const open = async (url: string) => {
  const store = await openPostgresStore({ url, max: 2 });
  opened.push(store);
  return store;
};

describe('PostgreSQL store: migrations', () => {
  it('runs on PostgreSQL in this project', () => {
    expect(testStores().kind).toBe('postgres');
  });

  it('applies every migration exactly once when eight replicas start at the same moment', async () => {
    const url = await freshUrl();
    await Promise.all(Array.from({ length: 8 }, () => open(url)));
    const pool = createPool({ url, max: 1 });
    try {
      const { rows } = await pool.query('SELECT version, name FROM schema_version ORDER BY version');
      expect(rows).toEqual(POSTGRES_MIGRATIONS.map(({ version, name }) => ({ version, name })));
      const locks = await pool.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory'");
      expect(locks.rowCount).toBe(0);
    } finally {
      await pool.end();
    }
    for (const store of opened) await expect(store.ping()).resolves.toBeUndefined();
  });

  it('refuses a schema newer than itself, and stops being ready when the schema moves under it', async () => {
    const url = await freshUrl();
    const store = await open(url);
    const pool = createPool({ url, max: 1 });
    try {
      await pool.query("INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'future', 0)");
    } finally {
      await pool.end();
    }
    await expect(store.ping()).rejects.toMatchObject({ code: 'VIGIL_STORE_SCHEMA_CHANGED' });
    await expect(openPostgresStore({ url, max: 1 })).rejects.toMatchObject({ code: 'VIGIL_STORE_SCHEMA_NEWER' });
  });

  it('names a missing schema and an unreachable server by code, never printing the password', async () => {
    const url = new URL(await freshUrl());
    url.searchParams.set('options', '-c search_path=no_such_schema');
    await expect(openPostgresStore({ url: url.toString(), max: 1 })).rejects.toMatchObject({
      code: 'VIGIL_STORE_SCHEMA_MISSING',
    });
    const wrong = new URL(url);
    wrong.password = 'not-the-password';
    const error = (await openPostgresStore({ url: wrong.toString(), max: 1 }).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'VIGIL_STORE_UNAVAILABLE' });
    expect(error.message).not.toContain('not-the-password');
  });
});
