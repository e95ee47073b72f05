/**
 * Opens the agent's SQLite cache. The database is untrusted, non-authoritative state (the
 * service holds the truth), so a corrupt file is moved aside and replaced rather than repaired.
 *
 * Durability: WAL with synchronous=FULL. With NORMAL, a power cut can roll back the last
 * committed transactions after the report was already pushed; the agent would then sign a
 * different report under the same sequence number and the service would flag a fork. FULL
 * costs one extra fsync per commit, a handful every 15 minutes. Pages of 8 KiB because a report
 * row (~2–4 KiB of JWS) wastes half of a 4 KiB page.
 */
import { existsSync, renameSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Logger } from '../logging/logger.js';
import { CacheError, toCacheError } from './errors.js';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

export interface OpenOptions {
  file: string;
  log: Logger;
  now?: () => Date;
  /** Test hook: cap the database size to simulate a full disk (SQLITE_FULL). */
  maxPageCount?: number;
}

export function openDatabase(options: OpenOptions): Db {
  try {
    return openAndPrepare(options);
  } catch (error) {
    const mapped = toCacheError(error, 'open cache');
    if (mapped.code !== 'VIGIL_CACHE_CORRUPT') throw mapped;
    const movedTo = moveAside(options.file, options.now?.() ?? new Date());
    options.log.error(
      {
        file: options.file,
        moved_to: movedTo,
        code: mapped.code,
        error: { message: (mapped.cause as Error | undefined)?.message },
      },
      'cache database corrupt; moved aside and starting a fresh one (the report chain restarts: see docs/agent.md#resync)',
    );
    try {
      return openAndPrepare(options);
    } catch (second) {
      throw toCacheError(second, 'open fresh cache');
    }
  }
}

function openAndPrepare(options: OpenOptions): Db {
  const db = new Database(options.file);
  try {
    // page_size only takes effect before the first table exists (and before WAL is on).
    db.pragma('page_size = 8192');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // The daemon and a `vigil push` may share the file; wait for the other's short transactions.
    db.pragma('busy_timeout = 5000');
    if (options.maxPageCount) db.pragma(`max_page_count = ${options.maxPageCount}`);
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw Object.assign(new Error(`quick_check: ${String(check)}`), { code: 'SQLITE_CORRUPT' });
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = MIGRATIONS.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new CacheError(
      'VIGIL_CACHE_SCHEMA_NEWER',
      `cache schema ${current} is newer than this agent (${latest}); upgrade the agent`,
    );
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

/** Renames the file and its WAL/SHM companions to `<file>.corrupt-<timestamp>[-wal|-shm]`. */
export function moveAside(file: string, now: Date): string {
  const target = `${file}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  }
  return target;
}
