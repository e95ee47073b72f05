/** Row ↔ record mapping for the SQLite store (integer ms ↔ Date, 0/1 ↔ boolean). */
import type { OverallStatus } from '@vigil/shared';
import type {
  CertificateRecord,
  CertificateStatus,
  DeviceRecord,
  DeviceStatus,
  Identity,
  NewCertificate,
  ReportRecord,
} from '../types.js';

export interface DeviceRow {
  id: string;
  status: DeviceStatus;
  status_reason: string | null;
  enrolled_at: number;
  last_seen_at: number | null;
  last_seq: number;
  last_hash: string | null;
  forked_at: number | null;
  fork_reason: string | null;
  resync_pending: number;
  ownership: string | null;
  platform: string | null;
  hostname: string | null;
  last_status: OverallStatus | null;
  report_interval_seconds: number | null;
  first_failed_json: string;
  current_cert: string | null;
  consent_statement_version: string | null;
  consent_accepted_at: number | null;
}

export interface CertificateRow {
  thumbprint: string;
  serial: string;
  device_id: string;
  spki_thumbprint: string;
  not_before: number;
  not_after: number;
  issued_at: number;
  status: CertificateStatus;
  pem: string;
}

export interface ReportRow {
  jti: string;
  seq: number;
  hash: string;
  iat: number;
  received_at: number;
  challenged: number;
  skew_seconds: number;
  gap_from: number | null;
  gap_to: number | null;
  status: OverallStatus;
  verdict: string;
  posture: string;
  ear_token: string | null;
  ear_expires_at: number | null;
  ear_status: string | null;
}

const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

export function toDevice(row: DeviceRow): DeviceRecord {
  return {
    id: row.id,
    status: row.status,
    statusReason: row.status_reason,
    enrolledAt: new Date(row.enrolled_at),
    lastSeenAt: date(row.last_seen_at),
    lastSeq: row.last_seq,
    lastHash: row.last_hash,
    forkedAt: date(row.forked_at),
    forkReason: row.fork_reason,
    resyncPending: row.resync_pending === 1,
    ownership: row.ownership,
    platform: row.platform,
    hostname: row.hostname,
    lastStatus: row.last_status,
    reportIntervalSeconds: row.report_interval_seconds,
    firstFailedAt: JSON.parse(row.first_failed_json) as DeviceRecord['firstFailedAt'],
    currentCertThumbprint: row.current_cert,
    consent:
      row.consent_statement_version === null || row.consent_accepted_at === null
        ? null
        : { statementVersion: row.consent_statement_version, acceptedAt: new Date(row.consent_accepted_at) },
  };
}

export function toCertificate(row: CertificateRow): CertificateRecord {
  return {
    thumbprint: row.thumbprint,
    serialHex: row.serial,
    deviceId: row.device_id,
    spkiThumbprint: row.spki_thumbprint,
    notBefore: new Date(row.not_before),
    notAfter: new Date(row.not_after),
    issuedAt: new Date(row.issued_at),
    status: row.status,
    pem: row.pem,
  };
}

export function toReport(row: ReportRow): ReportRecord {
  return {
    jti: row.jti,
    seq: row.seq,
    hash: row.hash,
    iat: row.iat,
    receivedAt: new Date(row.received_at),
    challenged: row.challenged === 1,
    skewSeconds: row.skew_seconds,
    gap: row.gap_from === null || row.gap_to === null ? null : { from: row.gap_from, to: row.gap_to },
    status: row.status,
    verdictJson: row.verdict,
    postureJson: row.posture,
    ear:
      row.ear_token === null || row.ear_expires_at === null
        ? null
        : { token: row.ear_token, expiresAt: new Date(row.ear_expires_at), status: row.ear_status ?? 'none' },
  };
}

/** The mTLS identity query's row: the device's columns and the certificate's, prefixed `c_`. */
export type IdentityRow = DeviceRow & { [K in keyof CertificateRow as `c_${K}`]: CertificateRow[K] };

export function toIdentity(row: IdentityRow): Identity {
  const certificate = toCertificate({
    thumbprint: row.c_thumbprint,
    serial: row.c_serial,
    device_id: row.c_device_id,
    spki_thumbprint: row.c_spki_thumbprint,
    not_before: row.c_not_before,
    not_after: row.c_not_after,
    issued_at: row.c_issued_at,
    status: row.c_status,
    pem: '', // not needed to authenticate a request; listCertificates returns it
  });
  return { certificate, device: toDevice(row) };
}

/** A new active certificate's values, in the column order both stores' INSERTs list. */
export function certificateValues(deviceId: string, cert: NewCertificate, now: Date) {
  return [
    cert.thumbprint,
    cert.serialHex,
    deviceId,
    cert.spkiThumbprint,
    cert.notBefore.getTime(),
    cert.notAfter.getTime(),
    now.getTime(),
    cert.pem,
  ];
}
