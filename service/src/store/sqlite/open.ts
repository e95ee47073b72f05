/**
 * Opens the SQLite database: 8 KiB pages (reports are ~2–4 KB of JSON and waste half of a 4 KiB
 * page), WAL with synchronous=NORMAL (durable across process crashes; a power loss may drop the
 * last transactions, acceptable for posture history), then numbered migrations.
 */
import { closeSync, existsSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { StoreError } from '../errors.js';
import { MIGRATIONS, type Migration } from '../migrations/index.js';
import { truncation } from './truncation.js';

export type Db = Database.Database;

export function openDatabase(path: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  // SQLite gives -wal/-shm files the database file's mode, so create it 0600 ourselves first.
  if (path !== ':memory:' && !existsSync(path)) closeSync(openSync(path, 'wx', 0o600));
  try {
    return openAndMigrate(path, migrations);
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? '');
    if (!(code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')) throw error;
    // The devices, their certificates and chains live in this file: never start over silently.
    throw new StoreError(
      'VIGIL_STORE_CORRUPT',
      `the database file ${path} is damaged (${(error as Error).message}); the service will not start on it. ` +
        'Restore it from a backup, or move it aside together with its -wal and -shm files to start with an ' +
        'empty database (every device must then enroll again)',
      { cause: error },
    );
  }
}

function openAndMigrate(path: string, migrations: readonly Migration[]): Db {
  const cut = path === ':memory:' ? null : truncation(path);
  if (cut) throw Object.assign(new Error(cut), { code: 'SQLITE_CORRUPT' });
  const db = new Database(path);
  // page_size only takes effect before the first table exists (and before WAL is enabled).
  db.pragma('page_size = 8192');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  try {
    migrate(db, migrations);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

export function migrate(db: Db, migrations: readonly Migration[]): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null }).v ?? 0;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(`database schema version ${current} is newer than this service (${latest}); refusing to run`);
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        Date.now(),
      );
    })();
  }
}
