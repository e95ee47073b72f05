/** Device registry reads and admin changes. */
import type { DeviceRecord, DeviceStatus, Identity } from '../types.js';
import type { Db } from './open.js';
import {
  toCertificate,
  toDevice,
  toIdentity,
  toReport,
  type CertificateRow,
  type DeviceRow,
  type IdentityRow,
  type ReportRow,
} from './rows.js';

export function deviceQueries(db: Db) {
  // One query per mTLS request: the certificate and its device, columns prefixed to keep them apart.
  const selectIdentity = db.prepare(
    `SELECT c.thumbprint AS c_thumbprint, c.serial AS c_serial, c.device_id AS c_device_id, c.spki_thumbprint AS c_spki_thumbprint,
            c.not_before AS c_not_before, c.not_after AS c_not_after, c.issued_at AS c_issued_at, c.status AS c_status,
            d.*
       FROM certificates c JOIN devices d ON d.id = c.device_id WHERE c.thumbprint = ?`,
  );
  const selectDevice = db.prepare('SELECT * FROM devices WHERE id = ?');
  const listAll = db.prepare('SELECT * FROM devices WHERE id > ? ORDER BY id LIMIT ?');
  const listByStatus = db.prepare('SELECT * FROM devices WHERE status = ? AND id > ? ORDER BY id LIMIT ?');
  const setStatus = db.prepare('UPDATE devices SET status = ?, status_reason = ? WHERE id = ?');
  const setResync = db.prepare('UPDATE devices SET resync_pending = 1 WHERE id = ?');
  const supersede = db.prepare(
    "UPDATE certificates SET status = 'superseded' WHERE device_id = ? AND thumbprint <> ? AND status = 'active'",
  );
  const setCurrent = db.prepare('UPDATE devices SET current_cert = ? WHERE id = ?');
  const listCerts = db.prepare('SELECT * FROM certificates WHERE device_id = ? ORDER BY issued_at DESC');
  const listReports = db.prepare(
    `SELECT r.*, x.token AS ear_token, x.expires_at AS ear_expires_at, x.status AS ear_status
       FROM reports r LEFT JOIN results x ON x.report_id = r.id
      WHERE r.device_id = ? ORDER BY r.id DESC LIMIT ?`,
  );
  const countByState = db.prepare(
    `SELECT CASE
              WHEN status <> 'active' THEN status
              WHEN COALESCE(last_seen_at, enrolled_at) < @now - @intervals * 1000 * COALESCE(report_interval_seconds, @fallback) THEN 'stale'
              ELSE 'active'
            END AS state, COUNT(*) AS n
       FROM devices GROUP BY state`,
  );

  const device = (id: string) => {
    const row = selectDevice.get(id) as DeviceRow | undefined;
    return row ? toDevice(row) : undefined;
  };
  const promote = db.transaction((deviceId: string, thumbprint: string) => {
    supersede.run(deviceId, thumbprint);
    setCurrent.run(thumbprint, deviceId);
  });

  return {
    findIdentity(thumbprint: string): Identity | undefined {
      const row = selectIdentity.get(thumbprint) as IdentityRow | undefined;
      return row ? toIdentity(row) : undefined;
    },
    promoteCertificate: (deviceId: string, thumbprint: string) => promote.immediate(deviceId, thumbprint),
    getDevice: device,
    listDevices(q: { status?: DeviceStatus; limit: number; after?: string }): DeviceRecord[] {
      const rows = q.status ? listByStatus.all(q.status, q.after ?? '', q.limit) : listAll.all(q.after ?? '', q.limit);
      return (rows as DeviceRow[]).map(toDevice);
    },
    countDevicesByState(q: { now: Date; staleAfterIntervals: number; defaultIntervalSeconds: number }) {
      const rows = countByState.all({
        now: q.now.getTime(),
        intervals: q.staleAfterIntervals,
        fallback: q.defaultIntervalSeconds,
      }) as {
        state: string;
        n: number;
      }[];
      return Object.fromEntries(rows.map((r) => [r.state, r.n]));
    },
    setDeviceStatus(id: string, status: DeviceStatus, reason: string | null) {
      return setStatus.run(status, reason, id).changes === 0 ? undefined : device(id);
    },
    requestResync(id: string) {
      return setResync.run(id).changes === 0 ? undefined : device(id);
    },
    listReports: (deviceId: string, limit: number) => (listReports.all(deviceId, limit) as ReportRow[]).map(toReport),
    listCertificates: (deviceId: string) => (listCerts.all(deviceId) as CertificateRow[]).map(toCertificate),
  };
}
