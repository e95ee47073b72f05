/**
 * One service process per SQLite database, enforced: nonces and in-progress idempotency markers
 * live in the connection's TEMP tables and the identity cache trusts that no one else writes the
 * registry, so a second `vigil-service start` on the same file would lose challenges and miss
 * bans. The claim is an exclusive lock SQLite takes on a small companion file (`<db>.lock`) and
 * holds until the connection closes or the process dies, whatever the way (fcntl locks go with
 * the process), so a crash never leaves a stale claim behind. CLI commands do not claim it.
 */
import { closeSync, existsSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { StoreError } from '../errors.js';

export interface DatabaseClaim {
  release(): void;
}

export function claimDatabase(path: string): DatabaseClaim {
  const lockPath = `${path}.lock`;
  if (!existsSync(lockPath)) closeSync(openSync(lockPath, 'a', 0o600));
  const lock = new Database(lockPath);
  try {
    lock.pragma('busy_timeout = 0');
    lock.pragma('journal_mode = MEMORY');
    lock.pragma('locking_mode = EXCLUSIVE');
    // In EXCLUSIVE locking mode the first write takes the lock and the connection keeps it.
    lock.exec('BEGIN EXCLUSIVE; COMMIT;');
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    throw new StoreError(
      'VIGIL_STORE_IN_USE',
      `another vigil-service process is already running on ${path}: one SQLite database serves one ` +
        'process. Stop the other one, or give each its own --data-dir; several replicas need ' +
        '--db postgres://… (docs/deploy/scale.md)',
      { cause: error },
    );
  }
  return { release: () => lock.close() };
}
