/** The latest attestation result (EAR + verdict) and small bits of agent state (kv). */
import type { Db } from './open.js';
import { toCacheError } from './errors.js';

export interface StoredResult {
  deviceId: string;
  reportSeq: number;
  ear: string | null;
  verdictJson: string;
  issuedAt: number;
  expiresAt: number;
  receivedAt: number;
  nextReportSeconds: number | null;
}

export class ResultStore {
  constructor(private readonly db: Db) {}

  latest(): StoredResult | null {
    const row = this.db.prepare('SELECT * FROM result WHERE id = 1').get() as
      | {
          device_id: string;
          report_seq: number;
          ear: string | null;
          verdict_json: string;
          issued_at: number;
          expires_at: number;
          received_at: number;
          next_report_seconds: number | null;
        }
      | undefined;
    if (!row) return null;
    return {
      deviceId: row.device_id,
      reportSeq: row.report_seq,
      ear: row.ear,
      verdictJson: row.verdict_json,
      issuedAt: row.issued_at,
      expiresAt: row.expires_at,
      receivedAt: row.received_at,
      nextReportSeconds: row.next_report_seconds,
    };
  }

  /** Keeps the newest result only: an older one arriving late (a backlog reply) is ignored. */
  save(result: StoredResult): boolean {
    try {
      return this.db
        .transaction(() => {
          const current = this.latest();
          if (current && current.deviceId === result.deviceId && current.issuedAt > result.issuedAt) return false;
          this.db
            .prepare(
              `INSERT OR REPLACE INTO result (id, device_id, report_seq, ear, verdict_json, issued_at, expires_at, received_at, next_report_seconds)
               VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              result.deviceId,
              result.reportSeq,
              result.ear,
              result.verdictJson,
              result.issuedAt,
              result.expiresAt,
              result.receivedAt,
              result.nextReportSeconds,
            );
          return true;
        })
        .immediate();
    } catch (error) {
      throw toCacheError(error, 'store result');
    }
  }

  clear(): void {
    this.db.prepare('DELETE FROM result').run();
  }
}

export class KvStore {
  constructor(private readonly db: Db) {}

  get<T>(key: string): T | null {
    const row = this.db.prepare('SELECT value FROM kv WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : null;
  }

  set(key: string, value: unknown): void {
    try {
      this.db.prepare('INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)').run(key, JSON.stringify(value));
    } catch (error) {
      throw toCacheError(error, `store ${key}`);
    }
  }

  delete(key: string): void {
    this.db.prepare('DELETE FROM kv WHERE key = ?').run(key);
  }
}
