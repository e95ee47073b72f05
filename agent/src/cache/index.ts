/** The agent cache: one SQLite file in the state dir. Only this folder opens SQLite. */
import type { Logger } from '../logging/logger.js';
import { ActivityLog } from './activity.js';
import { toCacheError } from './errors.js';
import { PushLease } from './lease.js';
import { openDatabase, type Db } from './open.js';
import { ReportStore } from './reports.js';
import { KvStore, ResultStore } from './results.js';
import { applyRetention, type RetentionLimits } from './retention.js';

export { CacheError, CACHE_ERROR_CODES, type CacheErrorCode } from './errors.js';
export { MAX_ACTIVITY_ENTRIES, type ActivityEntry } from './activity.js';
export type { ChainState, NewReport, NextReportPlan, ReportState, StoredReport } from './reports.js';
export type { StoredResult } from './results.js';
export type { RetentionLimits } from './retention.js';

export const CACHE_FILE = 'cache.db';

export interface AgentCache {
  readonly file: string;
  readonly reports: ReportStore;
  readonly results: ResultStore;
  readonly kv: KvStore;
  readonly lease: PushLease;
  /** What the agent did and who asked (`vigil privacy`). */
  readonly activity: ActivityLog;
  applyRetention(limits: RetentionLimits, now: number): { deleted: number };
  /** `PRAGMA integrity_check` rows; `['ok']` when healthy. */
  integrityCheck(): string[];
  close(): void;
}

export function openCache(options: { file: string; log: Logger; now?: () => Date; maxPageCount?: number }): AgentCache {
  const db: Db = openDatabase(options);
  return {
    file: options.file,
    reports: new ReportStore(db),
    results: new ResultStore(db),
    kv: new KvStore(db),
    lease: new PushLease(db),
    activity: new ActivityLog(db),
    applyRetention: (limits, now) => applyRetention(db, limits, now),
    integrityCheck: () => {
      try {
        return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
      } catch (error) {
        throw toCacheError(error, 'integrity check');
      }
    },
    close: () => {
      if (db.open) db.close();
    },
  };
}
