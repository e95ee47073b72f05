/**
 * Initial schema. Times are integer milliseconds since the epoch. Reports and results are
 * append-only rowid tables with as few indexes as the reads need, because every index is one
 * more 8 KiB page written to the WAL per report. (A report's jti needs no unique index: jti is
 * the idempotency key, and a replay past the idempotency window fails the nonce or the chain.)
 */
export const migration001 = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('active', 'banned', 'retired')),
  status_reason TEXT,
  enrolled_at INTEGER NOT NULL,
  last_seen_at INTEGER,
  last_seq INTEGER NOT NULL DEFAULT 0,
  last_hash TEXT,
  forked_at INTEGER,
  fork_reason TEXT,
  resync_pending INTEGER NOT NULL DEFAULT 0,
  ownership TEXT,
  platform TEXT,
  hostname TEXT,
  last_status TEXT,
  report_interval_seconds INTEGER,
  first_failed_json TEXT NOT NULL DEFAULT '{}',
  current_cert TEXT
);
CREATE INDEX devices_status ON devices (status);

CREATE TABLE certificates (
  thumbprint TEXT PRIMARY KEY,
  serial TEXT NOT NULL UNIQUE,
  device_id TEXT NOT NULL REFERENCES devices (id),
  spki_thumbprint TEXT NOT NULL,
  not_before INTEGER NOT NULL,
  not_after INTEGER NOT NULL,
  issued_at INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'superseded', 'revoked')),
  pem TEXT NOT NULL
);
CREATE INDEX certificates_device ON certificates (device_id);
CREATE INDEX certificates_spki ON certificates (spki_thumbprint);

CREATE TABLE enrollment_tokens (
  id TEXT PRIMARY KEY,
  secret_hash BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  uses_left INTEGER NOT NULL CHECK (uses_left >= 0),
  device_id TEXT
);

CREATE TABLE admin_tokens (
  id TEXT PRIMARY KEY,
  secret_hash BLOB NOT NULL,
  label TEXT,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);

-- Final responses by Idempotency-Key. In-progress markers and nonces are ephemeral and live in
-- TEMP tables (see ephemeral.ts).
CREATE TABLE idempotency (
  device_id TEXT NOT NULL,
  key TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  status_code INTEGER NOT NULL,
  response TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (device_id, key)
);

CREATE TABLE reports (
  id INTEGER PRIMARY KEY,
  jti TEXT NOT NULL,
  device_id TEXT NOT NULL REFERENCES devices (id),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL,
  iat INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  challenged INTEGER NOT NULL,
  skew_seconds INTEGER NOT NULL,
  gap_from INTEGER,
  gap_to INTEGER,
  status TEXT NOT NULL,
  verdict TEXT NOT NULL,
  posture TEXT NOT NULL
);
CREATE INDEX reports_device ON reports (device_id, id);

CREATE TABLE results (
  report_id INTEGER PRIMARY KEY REFERENCES reports (id),
  jti TEXT NOT NULL,
  device_id TEXT NOT NULL,
  status TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  token TEXT NOT NULL
);

CREATE TABLE policy (
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
`,
};
