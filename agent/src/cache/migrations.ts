/**
 * Numbered schema migrations, applied in order inside one transaction each; `user_version`
 * records the last one applied. Never edit a released migration: add the next number.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'reports, chain, result, gaps, kv',
    sql: `
      -- The hash chain: seq and SHA-256 of the last report signed for this device.
      CREATE TABLE chain (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        device_id TEXT,
        last_seq INTEGER NOT NULL DEFAULT 0,
        last_hash TEXT
      );
      INSERT INTO chain (id, last_seq) VALUES (1, 0);

      -- History and outbox in one table: state 'pending' is the outbox (delivery order = seq).
      CREATE TABLE reports (
        device_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        jti TEXT NOT NULL UNIQUE,
        jws TEXT NOT NULL,
        hash TEXT NOT NULL,
        challenged INTEGER NOT NULL,
        collected_at TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'rejected', 'abandoned')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_attempt_at INTEGER,
        delivered_at INTEGER,
        error_code TEXT,
        error_message TEXT,
        response_json TEXT,
        gap_from INTEGER,
        gap_to INTEGER,
        PRIMARY KEY (device_id, seq)
      );
      CREATE INDEX reports_by_state ON reports (state, device_id, seq);
      CREATE INDEX reports_by_created ON reports (created_at);

      -- Undelivered reports dropped because the outbox hit its cap; carried in later evidence.
      CREATE TABLE gaps (
        id INTEGER PRIMARY KEY,
        device_id TEXT NOT NULL,
        from_seq INTEGER NOT NULL,
        to_seq INTEGER NOT NULL,
        recorded_at INTEGER NOT NULL,
        carried_by_seq INTEGER NOT NULL
      );

      -- The latest attestation result from the service.
      CREATE TABLE result (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        device_id TEXT NOT NULL,
        report_seq INTEGER NOT NULL,
        ear TEXT,
        verdict_json TEXT NOT NULL,
        issued_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        next_report_seconds INTEGER
      );

      CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
  },
  {
    version: 2,
    name: 'activity log (personal mode transparency)',
    sql: `
      -- What the agent did and who asked: every push, check-now request, consent decision,
      -- enrollment and unenrollment, shown by "vigil privacy" and the tray's privacy panel.
      CREATE TABLE activity (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('push', 'check-now', 'consent', 'enroll', 'unenroll')),
        requester TEXT NOT NULL,
        outcome TEXT NOT NULL
      );
      CREATE INDEX activity_by_at ON activity (at);
    `,
  },
];
