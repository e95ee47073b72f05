/**
 * The SQLite `Store`. better-sqlite3 is synchronous; the async interface costs one microtask per
 * call and keeps routes ready for a PostgreSQL store.
 */
import type { Store, StoredPolicy } from '../types.js';
import { deviceQueries } from './devices.js';
import { enrollmentQueries } from './enrollment.js';
import { startCheckpointer } from './checkpointer.js';
import { EPHEMERAL_SCHEMA } from './ephemeral.js';
import { IdentityCache } from './identity-cache.js';
import { ingestQueries } from './ingest.js';
import { openDatabase, type Db } from './open.js';
import { claimDatabase } from './single-process.js';

const TOKEN_GRACE_MS = 7 * 86_400_000;
const CHECKPOINT_INTERVAL_MS = 500;
const AUTO_CHECKPOINT_PAGES = 1000;

/**
 * Opens the database file for the service: claims it (one service process per file,
 * single-process.ts) and moves WAL checkpoints to a worker thread. Short-lived CLI commands
 * (`shortLived`) do neither.
 */
export function openSqliteStore(path: string, options: { shortLived?: boolean } = {}): Store {
  if (path === ':memory:' || options.shortLived) return sqliteStore(openDatabase(path));
  const claim = claimDatabase(path);
  let db: Db;
  try {
    db = openDatabase(path);
  } catch (error) {
    claim.release();
    throw error;
  }
  db.pragma('wal_autocheckpoint = 0');
  const checkpointer = startCheckpointer(path, CHECKPOINT_INTERVAL_MS, () =>
    db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`),
  );
  const store = sqliteStore(db, async () => {
    await checkpointer.stop();
    db.pragma('wal_checkpoint(TRUNCATE)');
  });
  return {
    ...store,
    async close() {
      try {
        await store.close();
      } finally {
        claim.release();
      }
    },
  };
}

export function sqliteStore(db: Db, beforeClose: () => Promise<void> = async () => undefined): Store {
  db.pragma('temp_store = MEMORY');
  db.exec(EPHEMERAL_SCHEMA);
  const enrollment = enrollmentQueries(db);
  const devices = deviceQueries(db);
  const identities = new IdentityCache();
  const hot = ingestQueries(db, (deviceId) => identities.forgetDevice(deviceId));
  const selectPolicy = db.prepare('SELECT text, hash, created_at FROM policy ORDER BY id DESC LIMIT 1');
  const insertPolicy = db.prepare('INSERT INTO policy (hash, text, created_at) VALUES (?, ?, ?)');
  const purgeNonces = db.prepare('DELETE FROM temp.nonces WHERE expires_at <= ?');
  const purgeIdempotency = db.prepare('DELETE FROM idempotency WHERE created_at < ?');
  const purgePending = db.prepare('DELETE FROM temp.idempotency_pending WHERE created_at < ?');
  const purgeTokens = db.prepare('DELETE FROM enrollment_tokens WHERE expires_at < ?');

  return {
    async close() {
      await beforeClose();
      db.close();
    },
    ping: async () => void db.prepare('SELECT 1').get(),
    createEnrollmentToken: async (t) => enrollment.createEnrollmentToken(t),
    createAdminToken: async (t) => enrollment.createAdminToken(t),
    verifyAdminToken: async (id, hash, scope) => enrollment.verifyAdminToken(id, hash, scope),
    checkEnrollmentToken: async (id, hash, now) => enrollment.checkEnrollmentToken(id, hash, now),
    enroll: async (input) => identities.afterWrite(() => enrollment.enroll(input)),
    addCertificate: async (deviceId, cert, now) =>
      identities.afterWrite(() => enrollment.addCertificate(deviceId, cert, now)),
    findIdentity: async (thumbprint) => identities.get(thumbprint, devices.findIdentity),
    promoteCertificate: async (deviceId, thumbprint) =>
      identities.afterWrite(() => devices.promoteCertificate(deviceId, thumbprint)),
    createNonce: async (n) => hot.createNonce(n),
    beginIdempotent: async (i) => hot.beginIdempotent(i),
    completeIdempotent: async (i) => hot.completeIdempotent(i),
    abandonIdempotent: async (i) => hot.abandonIdempotent(i),
    ingest: async (i) => hot.ingest(i),
    getDevice: async (id) => devices.getDevice(id),
    listDevices: async (q) => devices.listDevices(q),
    countDevicesByState: async (q) => devices.countDevicesByState(q),
    setDeviceStatus: async (id, status, reason) =>
      identities.afterWrite(() => devices.setDeviceStatus(id, status, reason)),
    requestResync: async (id) => identities.afterWrite(() => devices.requestResync(id)),
    listReports: async (deviceId, limit) => devices.listReports(deviceId, limit),
    listCertificates: async (deviceId) => devices.listCertificates(deviceId),
    async getPolicy(): Promise<StoredPolicy | undefined> {
      const row = selectPolicy.get() as { text: string; hash: string; created_at: number } | undefined;
      return row ? { text: row.text, hash: row.hash, updatedAt: new Date(row.created_at) } : undefined;
    },
    putPolicy: async (p) => void insertPolicy.run(p.hash, p.text, p.now.getTime()),
    async purge(now, keepIdempotencyMs) {
      const t = now.getTime();
      db.transaction(() => {
        // Expired nonces linger ten minutes so a late report hears "expired", not "unknown".
        purgeNonces.run(t - 600_000);
        purgeIdempotency.run(t - keepIdempotencyMs);
        purgePending.run(t - 3_600_000);
        purgeTokens.run(t - TOKEN_GRACE_MS);
      }).immediate();
    },
  };
}
