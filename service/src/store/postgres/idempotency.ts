/**
 * Idempotency-Key records shared by replicas. An in-progress marker is a row in the UNLOGGED
 * `idempotency_pending` table; a final response a row in `idempotency`. `begin` claims the marker
 * with one atomic upsert, so of two replicas receiving the same request at once exactly one gets
 * `new`; the other gets `in-progress` or, once the first has finished, the stored response.
 */
import type { IdempotencyBegin, IdempotencyBeginInput } from '../types.js';
import type { Pool } from './pool.js';

interface DoneRow {
  body_hash: string;
  status_code: number;
  response: string;
}

/** Moves the marker to a final response in one statement (used by `complete` and by ingest). */
export const COMPLETE_SQL = `WITH pending AS (
    DELETE FROM idempotency_pending WHERE device_id = $3 AND key = $4 RETURNING device_id, key, body_hash, created_at
  )
  INSERT INTO idempotency (device_id, key, body_hash, status_code, response, created_at)
  SELECT device_id, key, body_hash, $1, $2, created_at FROM pending
  ON CONFLICT (device_id, key) DO NOTHING`;

export function idempotencyQueries(pool: Pool) {
  const done = async (i: IdempotencyBeginInput): Promise<IdempotencyBegin | undefined> => {
    const { rows } = await pool.query<DoneRow>(
      'SELECT body_hash, status_code, response FROM idempotency WHERE device_id = $1 AND key = $2',
      [i.deviceId, i.key],
    );
    const row = rows[0];
    if (!row) return undefined;
    return row.body_hash === i.bodyHash
      ? { state: 'replay', statusCode: row.status_code, body: row.response }
      : { state: 'mismatch' };
  };

  return {
    async beginIdempotent(i: IdempotencyBeginInput): Promise<IdempotencyBegin> {
      // Claim first: insert the marker, or take over a stale one for the same body (its request
      // died). Then look for a final response; a request that finished meanwhile wins over the
      // claim. Two round trips for a new request, the common case.
      const claimed = await pool.query(
        `INSERT INTO idempotency_pending (device_id, key, body_hash, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (device_id, key) DO UPDATE SET created_at = EXCLUDED.created_at
           WHERE idempotency_pending.body_hash = EXCLUDED.body_hash AND idempotency_pending.created_at < $5
         RETURNING 1`,
        [i.deviceId, i.key, i.bodyHash, i.now.getTime(), i.now.getTime() - i.staleAfterMs],
      );
      const finished = await done(i);
      if (claimed.rowCount === 1) {
        if (!finished) return { state: 'new' };
        await pool.query('DELETE FROM idempotency_pending WHERE device_id = $1 AND key = $2 AND created_at = $3', [
          i.deviceId,
          i.key,
          i.now.getTime(),
        ]);
        return finished;
      }
      if (finished) return finished;
      const { rows } = await pool.query<{ body_hash: string }>(
        'SELECT body_hash FROM idempotency_pending WHERE device_id = $1 AND key = $2',
        [i.deviceId, i.key],
      );
      return rows[0] && rows[0].body_hash !== i.bodyHash ? { state: 'mismatch' } : { state: 'in-progress' };
    },
    async completeIdempotent(i: { deviceId: string; key: string; statusCode: number; body: string }) {
      await pool.query(COMPLETE_SQL, [i.statusCode, i.body, i.deviceId, i.key]);
    },
    async abandonIdempotent(i: { deviceId: string; key: string }) {
      await pool.query('DELETE FROM idempotency_pending WHERE device_id = $1 AND key = $2', [i.deviceId, i.key]);
    },
  };
}
