/**
 * Nonces and the ingest transaction on PostgreSQL: steps 4–7 of the protocol's ingest order in
 * one transaction that starts by locking the device row. Two replicas ingesting for one device
 * therefore run one after the other: the second sees the first's sequence, hash and consumed
 * nonce, so a nonce is used once and the chain only ever grows by one linear step. Rejections
 * commit their side effects (a consumed nonce stays consumed, a fork flag stays set), as in
 * the SQLite store.
 */
import type { IngestFailure, IngestInput, IngestOutcome } from '../types.js';
import type { DeviceRow } from '../sqlite/rows.js';
import { COMPLETE_SQL } from './idempotency.js';
import type { Client, Pool } from './pool.js';
import { inTransaction } from './transaction.js';

export function ingestQueries(pool: Pool) {
  return {
    async createNonce(n: { nonce: string; deviceId: string; expiresAt: Date }) {
      await pool.query('INSERT INTO nonces (nonce, device_id, expires_at) VALUES ($1, $2, $3)', [
        n.nonce,
        n.deviceId,
        n.expiresAt.getTime(),
      ]);
    },
    ingest: (input: IngestInput) => inTransaction(pool, (tx) => ingestIn(tx, input)),
  };
}

async function ingestIn(tx: Client, i: IngestInput): Promise<IngestOutcome> {
  const fail = (reason: IngestFailure): IngestOutcome => ({ ok: false, reason });
  const now = i.now.getTime();
  const device = (await tx.query<DeviceRow>('SELECT * FROM devices WHERE id = $1 FOR NO KEY UPDATE', [i.deviceId]))
    .rows[0];
  if (!device) return fail('state-changed');
  const challenged = i.nonce !== undefined;
  const resync = device.resync_pending === 1 && challenged;
  // The appraisal was computed before this transaction; if the fork state moved, redo it.
  if ((device.forked_at !== null && !resync) !== i.assumedForked) return fail('state-changed');

  if (i.nonce !== undefined) {
    const nonceFailure = await consumeNonce(tx, i.nonce, i.deviceId, now);
    if (nonceFailure) return fail(nonceFailure);
  }

  let gapAccepted = false;
  if (!resync) {
    const expected = device.last_seq + 1;
    if (i.seq !== expected) {
      const declaredGap = i.gap !== undefined && i.seq > expected && i.gap.from === expected && i.gap.to === i.seq - 1;
      if (!declaredGap) {
        const reason = i.seq < expected ? 'sequence-regress' : 'sequence-gap';
        await flagFork(tx, i.deviceId, now, `${reason}: got ${i.seq}, expected ${expected}`);
        return fail(reason);
      }
      gapAccepted = true;
    } else if (i.seq > 1 && i.prev !== device.last_hash) {
      await flagFork(tx, i.deviceId, now, `chain-mismatch at ${i.seq}`);
      return fail('chain-mismatch');
    }
  }

  // Read under the device lock, so the verdict compared with is the one this report follows.
  const previousVerdictJson = i.previousVerdict
    ? ((
        await tx.query<{ verdict: string }>(
          'SELECT verdict FROM reports WHERE device_id = $1 ORDER BY id DESC LIMIT 1',
          [i.deviceId],
        )
      ).rows[0]?.verdict ?? null)
    : undefined;
  await storeReport(tx, i, { now, challenged, gapAccepted });
  await tx.query(
    `UPDATE devices SET last_seq = $1, last_hash = $2, last_seen_at = $3, last_status = $4,
       ownership = COALESCE(ownership, $5), platform = $6, hostname = $7, report_interval_seconds = $8,
       first_failed_json = $9,
       forked_at = CASE WHEN $10 THEN NULL ELSE forked_at END,
       fork_reason = CASE WHEN $10 THEN NULL ELSE fork_reason END,
       resync_pending = CASE WHEN $10 THEN 0 ELSE resync_pending END
     WHERE id = $11`,
    [
      i.seq,
      i.hash,
      now,
      i.verdictStatus,
      i.device.ownership,
      i.device.platform,
      i.device.hostname,
      i.device.reportIntervalSeconds,
      JSON.stringify(i.firstFailedAt),
      resync,
      i.deviceId,
    ],
  );
  await tx.query(COMPLETE_SQL, [i.response.statusCode, i.response.body, i.deviceId, i.idempotencyKey]);
  return { ok: true, resynced: resync, gapAccepted, ...(i.previousVerdict ? { previousVerdictJson } : {}) };
}

/**
 * Deletes the nonce if it is this device's (one statement: of two transactions only one can
 * delete it). Another device's nonce is left alone: consuming it would let one device starve
 * another. An expired nonce is consumed and refused.
 */
async function consumeNonce(tx: Client, nonce: string, deviceId: string, now: number): Promise<IngestFailure | null> {
  const { rows } = await tx.query<{ mine: number | null; other: boolean }>(
    `WITH consumed AS (DELETE FROM nonces WHERE nonce = $1 AND device_id = $2 RETURNING expires_at)
     SELECT (SELECT expires_at FROM consumed) AS mine,
            EXISTS (SELECT 1 FROM nonces WHERE nonce = $1 AND device_id <> $2) AS other`,
    [nonce, deviceId],
  );
  const row = rows[0];
  if (row?.mine === null || row?.mine === undefined) return row?.other ? 'nonce-device' : 'nonce-unknown';
  return row.mine <= now ? 'nonce-expired' : null;
}

function flagFork(tx: Client, deviceId: string, now: number, reason: string) {
  return tx.query('UPDATE devices SET forked_at = COALESCE(forked_at, $1), fork_reason = $2 WHERE id = $3', [
    now,
    reason,
    deviceId,
  ]);
}

async function storeReport(
  tx: Client,
  i: IngestInput,
  at: { now: number; challenged: boolean; gapAccepted: boolean },
): Promise<void> {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO reports (jti, device_id, seq, hash, iat, received_at, challenged, skew_seconds, gap_from, gap_to, status, verdict, posture)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [
      i.jti,
      i.deviceId,
      i.seq,
      i.hash,
      i.iat,
      at.now,
      at.challenged ? 1 : 0,
      i.skewSeconds,
      at.gapAccepted ? (i.gap?.from ?? null) : null,
      at.gapAccepted ? (i.gap?.to ?? null) : null,
      i.verdictStatus,
      i.verdictJson,
      i.postureJson,
    ],
  );
  const r = i.result;
  if (!r) return;
  await tx.query(
    'INSERT INTO results (report_id, jti, device_id, status, issued_at, expires_at, token) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [rows[0]!.id, r.jti, i.deviceId, r.status, r.issuedAt.getTime(), r.expiresAt.getTime(), r.token],
  );
}
