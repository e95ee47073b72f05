/**
 * A cross-process lease on pushing, so the daemon and a `vigil push` do not send the same
 * outbox twice at once. Correctness does not depend on it (the service deduplicates by jti and
 * each pusher keeps seq order); it avoids wasted requests and 409s. A holder that died (kill -9)
 * is detected by its pid, so a crash never leaves the outbox locked.
 */
import type { Db } from './open.js';
import { toCacheError } from './errors.js';

interface LeaseValue {
  pid: number;
  until: number;
}

export class PushLease {
  constructor(
    private readonly db: Db,
    private readonly isAlive: (pid: number) => boolean = processIsAlive,
  ) {}

  tryAcquire(pid: number, now: number, ttlMs: number): boolean {
    try {
      return this.db
        .transaction(() => {
          const row = this.db.prepare(`SELECT value FROM kv WHERE key = 'push.lease'`).get() as
            { value: string } | undefined;
          const held = row ? (JSON.parse(row.value) as LeaseValue) : null;
          if (held && held.pid !== pid && held.until > now && this.isAlive(held.pid)) return false;
          this.db
            .prepare(`INSERT OR REPLACE INTO kv (key, value) VALUES ('push.lease', ?)`)
            .run(JSON.stringify({ pid, until: now + ttlMs } satisfies LeaseValue));
          return true;
        })
        .immediate();
    } catch (error) {
      throw toCacheError(error, 'acquire push lease');
    }
  }

  release(pid: number): void {
    try {
      this.db.prepare(`DELETE FROM kv WHERE key = 'push.lease' AND json_extract(value, '$.pid') = ?`).run(pid);
    } catch {
      // Releasing is best effort: an unreleased lease expires or is taken over when we exit.
    }
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
