/**
 * Bounds the history by age and size. Only delivered (or rejected/abandoned) history is
 * deleted, oldest first; the outbox is bounded separately by the gap mechanism in reports.ts,
 * so nothing undelivered disappears silently.
 */
import type { Db } from './open.js';
import { toCacheError } from './errors.js';

export interface RetentionLimits {
  maxAgeDays: number;
  maxHistoryBytes: number;
}

export function applyRetention(db: Db, limits: RetentionLimits, now: number): { deleted: number } {
  try {
    return db
      .transaction(() => {
        const cutoff = now - limits.maxAgeDays * 86_400_000;
        let deleted = db.prepare(`DELETE FROM reports WHERE state != 'pending' AND created_at < ?`).run(cutoff).changes;
        const { bytes } = db.prepare(`SELECT COALESCE(SUM(LENGTH(jws)), 0) AS bytes FROM reports`).get() as {
          bytes: number;
        };
        let excess = bytes - limits.maxHistoryBytes;
        if (excess > 0) {
          const rows = db
            .prepare(`SELECT jti, LENGTH(jws) AS size FROM reports WHERE state != 'pending' ORDER BY created_at, seq`)
            .all() as { jti: string; size: number }[];
          const remove = db.prepare('DELETE FROM reports WHERE jti = ?');
          for (const row of rows) {
            if (excess <= 0) break;
            remove.run(row.jti);
            excess -= row.size;
            deleted++;
          }
        }
        db.prepare('DELETE FROM gaps WHERE recorded_at < ?').run(cutoff);
        return { deleted };
      })
      .immediate();
  } catch (error) {
    throw toCacheError(error, 'apply retention');
  }
}
