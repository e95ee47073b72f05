/**
 * Report history, outbox and hash-chain state. A report is inserted and the chain advanced in
 * one IMMEDIATE transaction, before any push. Signing happens outside the transaction (it is
 * async), so the commit re-checks the chain it was signed against (compare-and-swap): another
 * process (`vigil push` beside the daemon) may have signed in between.
 */
import type { Db } from './open.js';
import { CacheError, toCacheError } from './errors.js';
import {
  fromRow,
  type ChainState,
  type NewReport,
  type NextReportPlan,
  type ReportState,
  type Row,
  type StoredReport,
} from './report-rows.js';

export type { ChainState, NewReport, NextReportPlan, ReportState, StoredReport } from './report-rows.js';

export class ReportStore {
  constructor(private readonly db: Db) {}

  chain(): ChainState {
    const row = this.db.prepare('SELECT device_id, last_seq, last_hash FROM chain WHERE id = 1').get() as
      { device_id: string | null; last_seq: number; last_hash: string | null } | undefined;
    return { deviceId: row?.device_id ?? null, lastSeq: row?.last_seq ?? 0, lastHash: row?.last_hash ?? null };
  }

  /**
   * Binds the chain to this device. A new device id (re-enrollment) starts a new chain; reports
   * still pending for the old identity can no longer be delivered and are marked abandoned.
   */
  bindDevice(deviceId: string): { restarted: boolean; abandoned: number } {
    return this.write('bind device', () => {
      const chain = this.chain();
      if (chain.deviceId === deviceId) return { restarted: false, abandoned: 0 };
      const abandoned = this.db
        .prepare(`UPDATE reports SET state = 'abandoned' WHERE state = 'pending' AND device_id != ?`)
        .run(deviceId).changes;
      const existing = this.db
        .prepare('SELECT seq, hash FROM reports WHERE device_id = ? ORDER BY seq DESC LIMIT 1')
        .get(deviceId) as { seq: number; hash: string } | undefined;
      this.db
        .prepare('UPDATE chain SET device_id = ?, last_seq = ?, last_hash = ? WHERE id = 1')
        .run(deviceId, existing?.seq ?? 0, existing?.hash ?? null);
      return { restarted: existing === undefined, abandoned };
    });
  }

  planNext(deviceId: string, maxPending: number): NextReportPlan {
    const chain = this.chain();
    if (chain.deviceId !== deviceId)
      throw new CacheError('VIGIL_CACHE_CHAIN_CONFLICT', 'chain is bound to another device');
    const seq = chain.lastSeq + 1;
    const pending = this.db
      .prepare(`SELECT seq, gap_from FROM reports WHERE device_id = ? AND state = 'pending' ORDER BY seq DESC`)
      .all(deviceId) as { seq: number; gap_from: number | null }[];
    // Keep the oldest history and the newest posture: drop from the tail of the outbox, which
    // is contiguous up to lastSeq because delivery goes in seq order.
    const excess = pending.length - (maxPending - 1);
    const dropRows = excess > 0 ? pending.slice(0, excess) : [];
    const plan: NextReportPlan = {
      deviceId,
      seq,
      drop: dropRows.map((r) => r.seq),
      ...(chain.lastHash ? { prev: chain.lastHash } : {}),
    };
    if (dropRows.length > 0) {
      const from = Math.min(...dropRows.map((r) => Math.min(r.seq, r.gap_from ?? r.seq)));
      plan.gap = { from, to: seq - 1 };
    }
    return plan;
  }

  commit(plan: NextReportPlan, report: NewReport): void {
    this.write('store report', () => {
      const chain = this.chain();
      if (
        chain.deviceId !== plan.deviceId ||
        chain.lastSeq !== plan.seq - 1 ||
        (chain.lastHash ?? undefined) !== plan.prev
      ) {
        throw new CacheError('VIGIL_CACHE_CHAIN_CONFLICT', 'the chain advanced while this report was being signed');
      }
      for (const seq of plan.drop) {
        const gone = this.db
          .prepare(`DELETE FROM reports WHERE device_id = ? AND seq = ? AND state = 'pending'`)
          .run(plan.deviceId, seq).changes;
        if (gone !== 1)
          throw new CacheError('VIGIL_CACHE_CHAIN_CONFLICT', 'a report planned for dropping was delivered meanwhile');
      }
      if (plan.gap) {
        this.db
          .prepare('INSERT INTO gaps (device_id, from_seq, to_seq, recorded_at, carried_by_seq) VALUES (?, ?, ?, ?, ?)')
          .run(plan.deviceId, plan.gap.from, plan.gap.to, report.createdAt, plan.seq);
      }
      this.db
        .prepare(
          `INSERT INTO reports (device_id, seq, jti, jws, hash, challenged, collected_at, created_at, state, gap_from, gap_to)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
        )
        .run(
          plan.deviceId,
          plan.seq,
          report.jti,
          report.jws,
          report.hash,
          report.challenged ? 1 : 0,
          report.collectedAt,
          report.createdAt,
          plan.gap?.from ?? null,
          plan.gap?.to ?? null,
        );
      this.db.prepare('UPDATE chain SET last_seq = ?, last_hash = ? WHERE id = 1').run(plan.seq, report.hash);
    });
  }

  /**
   * Replaces the undelivered tail from `fromSeq` with re-signed reports (same seqs and posture,
   * new jti). Used when the service refused a report for a reason that does not touch the chain
   * (its nonce expired while the agent was offline): none of the tail was accepted, so
   * re-signing is not a fork, and without it every later report would break the chain.
   */
  replaceTail(
    deviceId: string,
    expected: { lastSeq: number; lastHash: string | null },
    replacements: readonly (NewReport & { seq: number; gap?: { from: number; to: number } })[],
  ): void {
    this.write('replace undelivered reports', () => {
      const chain = this.chain();
      if (chain.deviceId !== deviceId || chain.lastSeq !== expected.lastSeq || chain.lastHash !== expected.lastHash) {
        throw new CacheError('VIGIL_CACHE_CHAIN_CONFLICT', 'the chain advanced while reports were being re-signed');
      }
      const first = replacements[0]?.seq;
      if (first === undefined) return;
      const removed = this.db
        .prepare(`DELETE FROM reports WHERE device_id = ? AND seq >= ? AND state IN ('pending', 'rejected')`)
        .run(deviceId, first).changes;
      if (removed !== replacements.length)
        throw new CacheError('VIGIL_CACHE_CHAIN_CONFLICT', 'the undelivered tail changed meanwhile');
      const insert = this.db.prepare(
        `INSERT INTO reports (device_id, seq, jti, jws, hash, challenged, collected_at, created_at, state, gap_from, gap_to)
         VALUES (?, ?, ?, ?, ?, 0, ?, ?, 'pending', ?, ?)`,
      );
      for (const r of replacements) {
        insert.run(
          deviceId,
          r.seq,
          r.jti,
          r.jws,
          r.hash,
          r.collectedAt,
          r.createdAt,
          r.gap?.from ?? null,
          r.gap?.to ?? null,
        );
      }
      const last = replacements[replacements.length - 1]!;
      this.db.prepare('UPDATE chain SET last_seq = ?, last_hash = ? WHERE id = 1').run(last.seq, last.hash);
    });
  }

  /** Reports from `fromSeq` on (the tail to re-sign), in order. */
  tailFrom(deviceId: string, fromSeq: number): StoredReport[] {
    const rows = this.db
      .prepare('SELECT * FROM reports WHERE device_id = ? AND seq >= ? ORDER BY seq')
      .all(deviceId, fromSeq) as Row[];
    return rows.map(fromRow);
  }

  pending(deviceId: string, limit = 1000): StoredReport[] {
    const rows = this.db
      .prepare(`SELECT * FROM reports WHERE device_id = ? AND state = 'pending' ORDER BY seq LIMIT ?`)
      .all(deviceId, limit) as Row[];
    return rows.map(fromRow);
  }

  byJti(jti: string): StoredReport | null {
    const row = this.db.prepare('SELECT * FROM reports WHERE jti = ?').get(jti) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  last(): StoredReport | null {
    const row = this.db.prepare('SELECT * FROM reports ORDER BY created_at DESC, seq DESC LIMIT 1').get() as
      Row | undefined;
    return row ? fromRow(row) : null;
  }

  lastDelivered(): StoredReport | null {
    const row = this.db
      .prepare(`SELECT * FROM reports WHERE state = 'delivered' ORDER BY delivered_at DESC LIMIT 1`)
      .get() as Row | undefined;
    return row ? fromRow(row) : null;
  }

  counts(): Record<ReportState, number> {
    const rows = this.db.prepare('SELECT state, COUNT(*) AS n FROM reports GROUP BY state').all() as {
      state: ReportState;
      n: number;
    }[];
    const counts: Record<ReportState, number> = { pending: 0, delivered: 0, rejected: 0, abandoned: 0 };
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }

  markDelivered(jti: string, at: number, responseJson: string): void {
    this.write('mark delivered', () => {
      this.db
        .prepare(
          `UPDATE reports SET state = 'delivered', delivered_at = ?, response_json = ?, attempts = attempts + 1,
           last_attempt_at = ?, error_code = NULL, error_message = NULL WHERE jti = ? AND state = 'pending'`,
        )
        .run(at, responseJson, at, jti);
    });
  }

  /** The service refused this report for good (it saw it): kept in history with the reason. */
  markRejected(jti: string, at: number, code: string, message: string): void {
    this.write('mark rejected', () => {
      this.db
        .prepare(
          `UPDATE reports SET state = 'rejected', delivered_at = ?, attempts = attempts + 1, last_attempt_at = ?,
           error_code = ?, error_message = ? WHERE jti = ? AND state = 'pending'`,
        )
        .run(at, at, code, message.slice(0, 1000), jti);
    });
  }

  markAttemptFailed(jti: string, at: number, code: string, message: string): void {
    this.write('mark attempt', () => {
      this.db
        .prepare(
          `UPDATE reports SET attempts = attempts + 1, last_attempt_at = ?, error_code = ?, error_message = ?
           WHERE jti = ? AND state = 'pending'`,
        )
        .run(at, code, message.slice(0, 1000), jti);
    });
  }

  private write<T>(action: string, fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (error) {
      throw toCacheError(error, action);
    }
  }
}
