/**
 * Tokens, enrollment and certificates. Enrollment is one transaction: the token use is consumed
 * only if the device and certificate are written, so a rejected enrollment leaves the token
 * usable, and two concurrent enrollments with a one-use token cannot both succeed.
 */
import { timingSafeEqual } from 'node:crypto';
import type { EnrollFailure, EnrollInput, EnrollOutcome, NewCertificate, TokenScope } from '../types.js';
import type { Db } from './open.js';
import { certificateValues, type DeviceRow } from './rows.js';

interface TokenRow {
  secret_hash: Buffer;
  expires_at: number;
  uses_left: number;
  device_id: string | null;
  ownership: string | null;
}

export function enrollmentQueries(db: Db) {
  const insertEnrollmentToken = db.prepare(
    'INSERT INTO enrollment_tokens (id, secret_hash, created_at, expires_at, uses_left, device_id, ownership) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertAdminToken = db.prepare(
    'INSERT INTO admin_tokens (id, secret_hash, label, created_at, scope) VALUES (?, ?, ?, ?, ?)',
  );
  const selectAdminToken = db.prepare('SELECT secret_hash, revoked_at, scope FROM admin_tokens WHERE id = ?');
  const selectToken = db.prepare(
    'SELECT secret_hash, expires_at, uses_left, device_id, ownership FROM enrollment_tokens WHERE id = ?',
  );
  const useToken = db.prepare('UPDATE enrollment_tokens SET uses_left = uses_left - 1 WHERE id = ? AND uses_left > 0');
  const selectDevice = db.prepare('SELECT * FROM devices WHERE id = ?');
  const selectKeyOwner = db.prepare(
    "SELECT c.device_id FROM certificates c JOIN devices d ON d.id = c.device_id WHERE c.spki_thumbprint = ? AND c.status = 'active' AND d.status <> 'retired' LIMIT 1",
  );
  const insertDevice = db.prepare(
    `INSERT INTO devices (id, status, enrolled_at, current_cert, ownership, consent_statement_version, consent_accepted_at)
     VALUES (@deviceId, 'active', @now, @cert, @ownership, @consentVersion, @consentAt)`,
  );
  // Re-enrollment records the ownership and consent given this time (a new key, a new decision).
  const reenrollDevice = db.prepare(
    `UPDATE devices SET status = 'active', status_reason = NULL, resync_pending = 1, current_cert = @cert, enrolled_at = @now,
       ownership = @ownership, consent_statement_version = @consentVersion, consent_accepted_at = @consentAt
     WHERE id = @deviceId`,
  );
  const selectValidUntil = db.prepare(
    "SELECT MAX(not_after) AS until FROM certificates WHERE device_id = ? AND status = 'active'",
  );
  const revokeDeviceCerts = db.prepare(
    "UPDATE certificates SET status = 'revoked' WHERE device_id = ? AND status = 'active'",
  );
  const insertCert = db.prepare(
    "INSERT INTO certificates (thumbprint, serial, device_id, spki_thumbprint, not_before, not_after, issued_at, status, pem) VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?)",
  );

  const addCert = (deviceId: string, cert: NewCertificate, now: Date) =>
    insertCert.run(...certificateValues(deviceId, cert, now));

  const checkToken = (id: string, secretHash: Buffer, now: Date): EnrollFailure | TokenRow => {
    const token = selectToken.get(id) as TokenRow | undefined;
    if (!token || !equalHashes(token.secret_hash, secretHash)) return 'token-invalid';
    if (token.expires_at <= now.getTime()) return 'token-expired';
    if (token.uses_left <= 0) return 'token-used';
    return token;
  };

  const enroll = db.transaction((input: EnrollInput): EnrollOutcome => {
    const token = checkToken(input.tokenId, input.tokenSecretHash, input.now);
    if (typeof token === 'string') return { ok: false, reason: token };
    // A token bound to a device re-enrolls exactly that device; an unbound token only makes new ones.
    if (input.reenroll ? token.device_id !== input.deviceId : token.device_id !== null) {
      return { ok: false, reason: 'token-identity' };
    }
    if (token.ownership !== null && token.ownership !== input.ownership)
      return { ok: false, reason: 'token-ownership' };
    const owner = selectKeyOwner.get(input.certificate.spkiThumbprint) as { device_id: string } | undefined;
    if (owner) return { ok: false, reason: 'key-in-use' };
    const existing = selectDevice.get(input.deviceId) as DeviceRow | undefined;
    if (input.reenroll) {
      if (!existing) return { ok: false, reason: 'token-identity' };
      if (existing.status === 'banned') return { ok: false, reason: 'device-banned' };
      // Re-keying a healthy active device needs the admin to retire it first, or a fork flag. A
      // device whose certificates have all expired can no longer renew: the token the admin
      // bound to it is the documented way back (docs/agent.md#re-enrollment).
      const validUntil = (selectValidUntil.get(input.deviceId) as { until: number | null }).until ?? 0;
      const expired = validUntil <= input.now.getTime();
      if (existing.status === 'active' && existing.forked_at === null && !expired)
        return { ok: false, reason: 'device-active' };
      revokeDeviceCerts.run(input.deviceId);
      addCert(input.deviceId, input.certificate, input.now);
      reenrollDevice.run(deviceParams(input));
    } else {
      insertDevice.run(deviceParams(input));
      addCert(input.deviceId, input.certificate, input.now);
    }
    useToken.run(input.tokenId);
    return { ok: true, reenrolled: input.reenroll };
  });

  const addCertificate = db.transaction((deviceId: string, cert: NewCertificate, now: Date) => {
    const owner = selectKeyOwner.get(cert.spkiThumbprint) as { device_id: string } | undefined;
    if (owner && owner.device_id !== deviceId) return { ok: false };
    addCert(deviceId, cert, now);
    return { ok: true };
  });

  return {
    createEnrollmentToken(t: {
      id: string;
      secretHash: Buffer;
      expiresAt: Date;
      uses: number;
      deviceId?: string;
      ownership?: string;
      now: Date;
    }) {
      insertEnrollmentToken.run(
        t.id,
        t.secretHash,
        t.now.getTime(),
        t.expiresAt.getTime(),
        t.uses,
        t.deviceId ?? null,
        t.ownership ?? null,
      );
    },
    createAdminToken(t: { id: string; secretHash: Buffer; label?: string; scope?: TokenScope; now: Date }) {
      insertAdminToken.run(t.id, t.secretHash, t.label ?? null, t.now.getTime(), t.scope ?? 'admin');
    },
    verifyAdminToken(id: string, secretHash: Buffer, scope: TokenScope = 'admin'): boolean {
      const row = selectAdminToken.get(id) as
        { secret_hash: Buffer; revoked_at: number | null; scope: TokenScope } | undefined;
      const hashOk = row !== undefined && equalHashes(row.secret_hash, secretHash);
      return hashOk && row.revoked_at === null && row.scope === scope;
    },
    checkEnrollmentToken(id: string, secretHash: Buffer, now: Date): EnrollFailure | 'ok' {
      const token = checkToken(id, secretHash, now);
      return typeof token === 'string' ? token : 'ok';
    },
    enroll: (input: EnrollInput) => enroll.immediate(input),
    addCertificate: (deviceId: string, cert: NewCertificate, now: Date) =>
      addCertificate.immediate(deviceId, cert, now),
  };
}

function deviceParams(input: EnrollInput) {
  return {
    deviceId: input.deviceId,
    now: input.now.getTime(),
    cert: input.certificate.thumbprint,
    ownership: input.ownership,
    consentVersion: input.consent?.statementVersion ?? null,
    consentAt: input.consent?.acceptedAt.getTime() ?? null,
  };
}

function equalHashes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
