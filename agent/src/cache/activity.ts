/**
 * The local activity log behind `vigil privacy`: every push, check-now request, consent
 * decision, enrollment and unenrollment, with when, who asked and how it ended. It stays on the
 * device (it is never sent) and is bounded so a noisy tray cannot grow it without limit.
 */
import { PRIVACY_ACTIVITY_KINDS, type PrivacyActivity, type PrivacyActivityKind } from '@vigil/shared/core';
import { toCacheError } from './errors.js';
import type { Db } from './open.js';

/** Newest entries kept; about a month of 15-minute pushes plus requests. */
export const MAX_ACTIVITY_ENTRIES = 5000;

export interface ActivityEntry {
  at: number;
  kind: PrivacyActivityKind;
  requester: string;
  outcome: string;
}

interface Row {
  at: number;
  kind: string;
  requester: string;
  outcome: string;
}

export class ActivityLog {
  constructor(private readonly db: Db) {}

  add(entry: ActivityEntry): void {
    try {
      this.db
        .transaction(() => {
          this.db
            .prepare('INSERT INTO activity (at, kind, requester, outcome) VALUES (?, ?, ?, ?)')
            .run(entry.at, entry.kind, entry.requester.slice(0, 200), entry.outcome.slice(0, 500));
          this.db
            .prepare('DELETE FROM activity WHERE id <= (SELECT MAX(id) FROM activity) - ?')
            .run(MAX_ACTIVITY_ENTRIES);
        })
        .immediate();
    } catch (error) {
      throw toCacheError(error, 'record activity');
    }
  }

  /** Newest first. */
  recent(limit = 200): PrivacyActivity[] {
    const rows = this.db
      .prepare('SELECT at, kind, requester, outcome FROM activity ORDER BY id DESC LIMIT ?')
      .all(limit) as Row[];
    return rows
      .filter((row) => (PRIVACY_ACTIVITY_KINDS as readonly string[]).includes(row.kind))
      .map((row) => ({
        at: new Date(row.at).toISOString(),
        kind: row.kind as PrivacyActivityKind,
        requester: row.requester,
        outcome: row.outcome,
      }));
  }
}
