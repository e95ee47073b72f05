/**
 * Nonces and in-progress idempotency markers are ephemeral: a nonce lives ≤ 120 s and a marker
 * only as long as its request. They sit in TEMP tables of the one connection (in memory), so
 * issuing a challenge or starting an ingest writes nothing to the WAL; the ingest transaction
 * still reads and deletes them atomically with the durable writes. A restart forgets them, which
 * costs an agent one new challenge and is exactly what a crashed request's marker should do.
 * (A PostgreSQL store would use UNLOGGED tables for the same reason.) This assumes one service
 * process per database file, as the SQLite store does anyway.
 */
export const EPHEMERAL_SCHEMA = `
CREATE TEMP TABLE IF NOT EXISTS nonces (
  nonce TEXT PRIMARY KEY,
  device_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TEMP TABLE IF NOT EXISTS idempotency_pending (
  device_id TEXT NOT NULL,
  key TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (device_id, key)
) WITHOUT ROWID;
`;
