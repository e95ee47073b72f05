/**
 * The evidence hot path: nonces, idempotency records and the ingest transaction. Prepared once.
 * `ingest` runs steps 4–7 of the protocol's ingest order in one transaction — the only WAL
 * commit per accepted report; rejections still commit their side effects (a consumed nonce
 * stays consumed, a fork flag stays set).
 */
import type { IdempotencyBegin, IdempotencyBeginInput, IngestFailure, IngestInput, IngestOutcome } from '../types.js';
import { groupCommit } from './group-commit.js';
import type { Db } from './open.js';
import type { DeviceRow } from './rows.js';

/** `onDeviceWrite` runs inside each ingest transaction, before it writes the device's row. */
export function ingestQueries(db: Db, onDeviceWrite: (deviceId: string) => void = () => undefined) {
  // temp.* tables are ephemeral (ephemeral.ts): no WAL writes for challenges or markers.
  const insertNonce = db.prepare('INSERT INTO temp.nonces (nonce, device_id, expires_at) VALUES (?, ?, ?)');
  const selectNonce = db.prepare('SELECT device_id, expires_at FROM temp.nonces WHERE nonce = ?');
  const deleteNonce = db.prepare('DELETE FROM temp.nonces WHERE nonce = ?');
  const selectDone = db.prepare(
    'SELECT body_hash, status_code, response FROM idempotency WHERE device_id = ? AND key = ?',
  );
  const selectPending = db.prepare(
    'SELECT body_hash, created_at FROM temp.idempotency_pending WHERE device_id = ? AND key = ?',
  );
  const insertPending = db.prepare(
    'INSERT OR REPLACE INTO temp.idempotency_pending (device_id, key, body_hash, created_at) VALUES (?, ?, ?, ?)',
  );
  const deletePending = db.prepare('DELETE FROM temp.idempotency_pending WHERE device_id = ? AND key = ?');
  const insertDone = db.prepare(
    `INSERT INTO idempotency (device_id, key, body_hash, status_code, response, created_at)
     SELECT device_id, key, body_hash, ?, ?, created_at FROM temp.idempotency_pending WHERE device_id = ? AND key = ?`,
  );
  const selectDevice = db.prepare('SELECT * FROM devices WHERE id = ?');
  const flagFork = db.prepare('UPDATE devices SET forked_at = COALESCE(forked_at, ?), fork_reason = ? WHERE id = ?');
  const insertReport = db.prepare(
    `INSERT INTO reports (jti, device_id, seq, hash, iat, received_at, challenged, skew_seconds, gap_from, gap_to, status, verdict, posture)
     VALUES (@jti, @deviceId, @seq, @hash, @iat, @now, @challenged, @skew, @gapFrom, @gapTo, @status, @verdict, @posture)`,
  );
  const selectPreviousVerdict = db.prepare('SELECT verdict FROM reports WHERE device_id = ? ORDER BY id DESC LIMIT 1');
  const insertResult = db.prepare(
    'INSERT INTO results (report_id, jti, device_id, status, issued_at, expires_at, token) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  // Ownership is fixed at enrollment (consent depends on it); a report only fills it for devices
  // enrolled before it was recorded.
  const updateDevice = db.prepare(
    `UPDATE devices SET last_seq = @seq, last_hash = @hash, last_seen_at = @now, last_status = @status,
       ownership = COALESCE(ownership, @ownership), platform = @platform, hostname = @hostname, report_interval_seconds = @interval,
       first_failed_json = @firstFailed,
       forked_at = CASE WHEN @resync = 1 THEN NULL ELSE forked_at END,
       fork_reason = CASE WHEN @resync = 1 THEN NULL ELSE fork_reason END,
       resync_pending = CASE WHEN @resync = 1 THEN 0 ELSE resync_pending END
     WHERE id = @deviceId`,
  );

  const begin = db.transaction((i: IdempotencyBeginInput): IdempotencyBegin => {
    const done = selectDone.get(i.deviceId, i.key) as
      { body_hash: string; status_code: number; response: string } | undefined;
    if (done) {
      return done.body_hash === i.bodyHash
        ? { state: 'replay', statusCode: done.status_code, body: done.response }
        : { state: 'mismatch' };
    }
    const pending = selectPending.get(i.deviceId, i.key) as { body_hash: string; created_at: number } | undefined;
    if (pending && pending.body_hash !== i.bodyHash) return { state: 'mismatch' };
    // A marker older than any request can live was left by a failed request: take it over.
    if (pending && i.now.getTime() - pending.created_at <= i.staleAfterMs) return { state: 'in-progress' };
    insertPending.run(i.deviceId, i.key, i.bodyHash, i.now.getTime());
    return { state: 'new' };
  });

  const complete = db.transaction((i: { deviceId: string; key: string; statusCode: number; body: string }) => {
    insertDone.run(i.statusCode, i.body, i.deviceId, i.key);
    deletePending.run(i.deviceId, i.key);
  });

  const ingest = groupCommit(db, (i: IngestInput): IngestOutcome => {
    const fail = (reason: IngestFailure): IngestOutcome => ({ ok: false, reason });
    // Synchronous with the commit: no read can come between this and the write it announces.
    onDeviceWrite(i.deviceId);
    const now = i.now.getTime();
    const device = selectDevice.get(i.deviceId) as DeviceRow | undefined;
    if (!device) return fail('state-changed');
    const challenged = i.nonce !== undefined;
    const resync = device.resync_pending === 1 && challenged;
    // The appraisal was computed before this transaction; if the fork state moved, redo it.
    if ((device.forked_at !== null && !resync) !== i.assumedForked) return fail('state-changed');

    if (i.nonce !== undefined) {
      const nonce = selectNonce.get(i.nonce) as { device_id: string; expires_at: number } | undefined;
      if (!nonce) return fail('nonce-unknown');
      // Another device's nonce is left alone: consuming it would let one device starve another.
      if (nonce.device_id !== i.deviceId) return fail('nonce-device');
      deleteNonce.run(i.nonce);
      if (nonce.expires_at <= now) return fail('nonce-expired');
    }

    let gapAccepted = false;
    if (!resync) {
      const expected = device.last_seq + 1;
      if (i.seq !== expected) {
        const declaredGap =
          i.gap !== undefined && i.seq > expected && i.gap.from === expected && i.gap.to === i.seq - 1;
        if (!declaredGap) {
          const reason = i.seq < expected ? 'sequence-regress' : 'sequence-gap';
          flagFork.run(now, `${reason}: got ${i.seq}, expected ${expected}`, i.deviceId);
          return fail(reason);
        }
        gapAccepted = true;
      } else if (i.seq > 1 && i.prev !== device.last_hash) {
        flagFork.run(now, `chain-mismatch at ${i.seq}`, i.deviceId);
        return fail('chain-mismatch');
      }
    }

    const previousVerdictJson = i.previousVerdict
      ? ((selectPreviousVerdict.get(i.deviceId) as { verdict: string } | undefined)?.verdict ?? null)
      : undefined;
    const reportId = insertReport.run({
      jti: i.jti,
      deviceId: i.deviceId,
      seq: i.seq,
      hash: i.hash,
      iat: i.iat,
      now,
      challenged: challenged ? 1 : 0,
      skew: i.skewSeconds,
      gapFrom: gapAccepted ? (i.gap?.from ?? null) : null,
      gapTo: gapAccepted ? (i.gap?.to ?? null) : null,
      status: i.verdictStatus,
      verdict: i.verdictJson,
      posture: i.postureJson,
    }).lastInsertRowid;
    if (i.result) {
      const r = i.result;
      insertResult.run(reportId, r.jti, i.deviceId, r.status, r.issuedAt.getTime(), r.expiresAt.getTime(), r.token);
    }
    updateDevice.run({
      seq: i.seq,
      hash: i.hash,
      now,
      status: i.verdictStatus,
      ownership: i.device.ownership,
      platform: i.device.platform,
      hostname: i.device.hostname,
      interval: i.device.reportIntervalSeconds,
      firstFailed: JSON.stringify(i.firstFailedAt),
      resync: resync ? 1 : 0,
      deviceId: i.deviceId,
    });
    insertDone.run(i.response.statusCode, i.response.body, i.deviceId, i.idempotencyKey);
    deletePending.run(i.deviceId, i.idempotencyKey);
    return { ok: true, resynced: resync, gapAccepted, ...(i.previousVerdict ? { previousVerdictJson } : {}) };
  });

  return {
    createNonce(n: { nonce: string; deviceId: string; expiresAt: Date }) {
      insertNonce.run(n.nonce, n.deviceId, n.expiresAt.getTime());
    },
    beginIdempotent: (i: IdempotencyBeginInput): IdempotencyBegin => begin.deferred(i),
    completeIdempotent: (i: { deviceId: string; key: string; statusCode: number; body: string }) =>
      complete.immediate(i),
    abandonIdempotent(i: { deviceId: string; key: string }) {
      deletePending.run(i.deviceId, i.key);
    },
    ingest,
  };
}
