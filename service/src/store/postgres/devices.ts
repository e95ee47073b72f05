/** Device registry reads and admin changes on PostgreSQL (same queries as the SQLite store). */
import type { CertificateRecord, DeviceRecord, DeviceStatus, Identity, ReportRecord } from '../types.js';
import {
  toCertificate,
  toDevice,
  toIdentity,
  toReport,
  type CertificateRow,
  type DeviceRow,
  type IdentityRow,
  type ReportRow,
} from '../sqlite/rows.js';
import type { Pool } from './pool.js';
import { inTransaction } from './transaction.js';

// One query per mTLS request: the certificate and its device, columns prefixed to keep them apart.
const SELECT_IDENTITY = `SELECT c.thumbprint AS c_thumbprint, c.serial AS c_serial, c.device_id AS c_device_id,
       c.spki_thumbprint AS c_spki_thumbprint, c.not_before AS c_not_before, c.not_after AS c_not_after,
       c.issued_at AS c_issued_at, c.status AS c_status, d.*
  FROM certificates c JOIN devices d ON d.id = c.device_id WHERE c.thumbprint = $1`;

const COUNT_BY_STATE = `SELECT CASE
           WHEN status <> 'active' THEN status
           WHEN COALESCE(last_seen_at, enrolled_at) < $1::bigint - $2::bigint * 1000 * COALESCE(report_interval_seconds, $3::bigint) THEN 'stale'
           ELSE 'active'
         END AS state, COUNT(*)::bigint AS n
    FROM devices GROUP BY 1`;

export function deviceQueries(pool: Pool) {
  const device = async (id: string) => {
    const row = (await pool.query<DeviceRow>('SELECT * FROM devices WHERE id = $1', [id])).rows[0];
    return row ? toDevice(row) : undefined;
  };
  const updated = (rows: DeviceRow[]) => (rows[0] ? toDevice(rows[0]) : undefined);

  return {
    async findIdentity(thumbprint: string): Promise<Identity | undefined> {
      const row = (await pool.query<IdentityRow>(SELECT_IDENTITY, [thumbprint])).rows[0];
      return row ? toIdentity(row) : undefined;
    },
    /** Locks the device first, so two replicas promoting two certificates cannot interleave. */
    promoteCertificate: (deviceId: string, thumbprint: string) =>
      inTransaction(pool, async (tx) => {
        await tx.query('SELECT 1 FROM devices WHERE id = $1 FOR NO KEY UPDATE', [deviceId]);
        await tx.query(
          "UPDATE certificates SET status = 'superseded' WHERE device_id = $1 AND thumbprint <> $2 AND status = 'active'",
          [deviceId, thumbprint],
        );
        await tx.query('UPDATE devices SET current_cert = $1 WHERE id = $2', [thumbprint, deviceId]);
      }),
    getDevice: device,
    async listDevices(q: { status?: DeviceStatus; limit: number; after?: string }): Promise<DeviceRecord[]> {
      const { rows } = q.status
        ? await pool.query<DeviceRow>('SELECT * FROM devices WHERE status = $1 AND id > $2 ORDER BY id LIMIT $3', [
            q.status,
            q.after ?? '',
            q.limit,
          ])
        : await pool.query<DeviceRow>('SELECT * FROM devices WHERE id > $1 ORDER BY id LIMIT $2', [
            q.after ?? '',
            q.limit,
          ]);
      return rows.map(toDevice);
    },
    async countDevicesByState(q: { now: Date; staleAfterIntervals: number; defaultIntervalSeconds: number }) {
      const { rows } = await pool.query<{ state: string; n: number }>(COUNT_BY_STATE, [
        q.now.getTime(),
        q.staleAfterIntervals,
        q.defaultIntervalSeconds,
      ]);
      return Object.fromEntries(rows.map((r) => [r.state, r.n]));
    },
    async setDeviceStatus(id: string, status: DeviceStatus, reason: string | null) {
      const { rows } = await pool.query<DeviceRow>(
        'UPDATE devices SET status = $1, status_reason = $2 WHERE id = $3 RETURNING *',
        [status, reason, id],
      );
      return updated(rows);
    },
    async requestResync(id: string) {
      const { rows } = await pool.query<DeviceRow>('UPDATE devices SET resync_pending = 1 WHERE id = $1 RETURNING *', [
        id,
      ]);
      return updated(rows);
    },
    async listReports(deviceId: string, limit: number): Promise<ReportRecord[]> {
      const { rows } = await pool.query<ReportRow>(
        `SELECT r.*, x.token AS ear_token, x.expires_at AS ear_expires_at, x.status AS ear_status
           FROM reports r LEFT JOIN results x ON x.report_id = r.id
          WHERE r.device_id = $1 ORDER BY r.id DESC LIMIT $2`,
        [deviceId, limit],
      );
      return rows.map(toReport);
    },
    async listCertificates(deviceId: string): Promise<CertificateRecord[]> {
      const { rows } = await pool.query<CertificateRow>(
        'SELECT * FROM certificates WHERE device_id = $1 ORDER BY issued_at DESC',
        [deviceId],
      );
      return rows.map(toCertificate);
    },
  };
}
