/**
 * Tokens, enrollment and certificates on PostgreSQL. `enroll` locks the token row (`FOR
 * UPDATE`), so of two replicas enrolling with a one-use token the second waits, then finds it
 * used; a per-key advisory lock makes the "key already in use" check exact for concurrent
 * enrollments and renewals of one key. The token use is consumed only if the device and
 * certificate are written.
 */
import { timingSafeEqual } from 'node:crypto';
import type { EnrollFailure, EnrollInput, EnrollOutcome, NewCertificate, TokenScope } from '../types.js';
import { certificateValues, type DeviceRow } from '../sqlite/rows.js';
import type { Client, Pool } from './pool.js';
import { ADVISORY_NAMESPACE, inTransaction } from './transaction.js';

interface TokenRow {
  secret_hash: Buffer;
  expires_at: number;
  uses_left: number;
  device_id: string | null;
  ownership: string | null;
}

const SELECT_TOKEN =
  'SELECT secret_hash, expires_at, uses_left, device_id, ownership FROM enrollment_tokens WHERE id = $1';
const SELECT_KEY_OWNER = `SELECT c.device_id FROM certificates c JOIN devices d ON d.id = c.device_id
   WHERE c.spki_thumbprint = $1 AND c.status = 'active' AND d.status <> 'retired' LIMIT 1`;

export function enrollmentQueries(pool: Pool) {
  const checkToken = (token: TokenRow | undefined, secretHash: Buffer, now: Date): EnrollFailure | TokenRow => {
    if (!token || !equalHashes(token.secret_hash, secretHash)) return 'token-invalid';
    if (token.expires_at <= now.getTime()) return 'token-expired';
    if (token.uses_left <= 0) return 'token-used';
    return token;
  };

  const enrollIn = async (tx: Client, input: EnrollInput): Promise<EnrollOutcome> => {
    const locked = await tx.query<TokenRow>(`${SELECT_TOKEN} FOR UPDATE`, [input.tokenId]);
    const token = checkToken(locked.rows[0], input.tokenSecretHash, input.now);
    if (typeof token === 'string') return { ok: false, reason: token };
    // A token bound to a device re-enrolls exactly that device; an unbound token only makes new ones.
    if (input.reenroll ? token.device_id !== input.deviceId : token.device_id !== null) {
      return { ok: false, reason: 'token-identity' };
    }
    if (token.ownership !== null && token.ownership !== input.ownership)
      return { ok: false, reason: 'token-ownership' };
    if (await keyOwnedElsewhere(tx, input.certificate.spkiThumbprint, undefined))
      return { ok: false, reason: 'key-in-use' };
    const device = deviceParams(input);
    if (input.reenroll) {
      const existing = (
        await tx.query<DeviceRow>('SELECT * FROM devices WHERE id = $1 FOR NO KEY UPDATE', [input.deviceId])
      ).rows[0];
      if (!existing) return { ok: false, reason: 'token-identity' };
      if (existing.status === 'banned') return { ok: false, reason: 'device-banned' };
      // Re-keying a healthy active device needs the admin to retire it first, or a fork flag. A
      // device whose certificates have all expired can no longer renew: the token the admin
      // bound to it is the documented way back (docs/agent.md#re-enrollment).
      const valid = await tx.query<{ until: string | null }>(
        "SELECT MAX(not_after) AS until FROM certificates WHERE device_id = $1 AND status = 'active'",
        [input.deviceId],
      );
      const expired = Number(valid.rows[0]?.until ?? 0) <= input.now.getTime();
      if (existing.status === 'active' && existing.forked_at === null && !expired)
        return { ok: false, reason: 'device-active' };
      await tx.query("UPDATE certificates SET status = 'revoked' WHERE device_id = $1 AND status = 'active'", [
        input.deviceId,
      ]);
      await insertCertificate(tx, input.deviceId, input.certificate, input.now);
      await tx.query(
        `UPDATE devices SET status = 'active', status_reason = NULL, resync_pending = 1, current_cert = $3, enrolled_at = $2,
           ownership = $4, consent_statement_version = $5, consent_accepted_at = $6
         WHERE id = $1`,
        device,
      );
    } else {
      await tx.query(
        `INSERT INTO devices (id, status, enrolled_at, current_cert, ownership, consent_statement_version, consent_accepted_at)
         VALUES ($1, 'active', $2, $3, $4, $5, $6)`,
        device,
      );
      await insertCertificate(tx, input.deviceId, input.certificate, input.now);
    }
    // The row is locked, so this cannot lose a race; checked anyway rather than assumed.
    const used = await tx.query(
      'UPDATE enrollment_tokens SET uses_left = uses_left - 1 WHERE id = $1 AND uses_left > 0',
      [input.tokenId],
    );
    if (used.rowCount !== 1) throw new Error('enrollment token use vanished under its row lock');
    return { ok: true, reenrolled: input.reenroll };
  };

  return {
    async createEnrollmentToken(t: {
      id: string;
      secretHash: Buffer;
      expiresAt: Date;
      uses: number;
      deviceId?: string;
      ownership?: string;
      now: Date;
    }) {
      await pool.query(
        'INSERT INTO enrollment_tokens (id, secret_hash, created_at, expires_at, uses_left, device_id, ownership) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [t.id, t.secretHash, t.now.getTime(), t.expiresAt.getTime(), t.uses, t.deviceId ?? null, t.ownership ?? null],
      );
    },
    async createAdminToken(t: { id: string; secretHash: Buffer; label?: string; scope?: TokenScope; now: Date }) {
      await pool.query(
        'INSERT INTO admin_tokens (id, secret_hash, label, created_at, scope) VALUES ($1, $2, $3, $4, $5)',
        [t.id, t.secretHash, t.label ?? null, t.now.getTime(), t.scope ?? 'admin'],
      );
    },
    async verifyAdminToken(id: string, secretHash: Buffer, scope: TokenScope = 'admin'): Promise<boolean> {
      const { rows } = await pool.query<{ secret_hash: Buffer; revoked_at: number | null; scope: TokenScope }>(
        'SELECT secret_hash, revoked_at, scope FROM admin_tokens WHERE id = $1',
        [id],
      );
      const row = rows[0];
      const hashOk = row !== undefined && equalHashes(row.secret_hash, secretHash);
      return hashOk && row.revoked_at === null && row.scope === scope;
    },
    async checkEnrollmentToken(id: string, secretHash: Buffer, now: Date): Promise<EnrollFailure | 'ok'> {
      const token = checkToken((await pool.query<TokenRow>(SELECT_TOKEN, [id])).rows[0], secretHash, now);
      return typeof token === 'string' ? token : 'ok';
    },
    enroll: (input: EnrollInput) => inTransaction(pool, (tx) => enrollIn(tx, input)),
    addCertificate: (deviceId: string, cert: NewCertificate, now: Date) =>
      inTransaction(pool, async (tx) => {
        if (await keyOwnedElsewhere(tx, cert.spkiThumbprint, deviceId)) return { ok: false };
        await insertCertificate(tx, deviceId, cert, now);
        return { ok: true };
      }),
  };
}

/** Takes the key's advisory lock (held to commit), then asks whether another live device holds it. */
async function keyOwnedElsewhere(tx: Client, spkiThumbprint: string, deviceId: string | undefined): Promise<boolean> {
  await tx.query(`SELECT pg_advisory_xact_lock(${ADVISORY_NAMESPACE}, hashtext('vigil-key:' || $1))`, [spkiThumbprint]);
  const owner = (await tx.query<{ device_id: string }>(SELECT_KEY_OWNER, [spkiThumbprint])).rows[0];
  return owner !== undefined && owner.device_id !== deviceId;
}

function insertCertificate(tx: Client, deviceId: string, cert: NewCertificate, now: Date) {
  return tx.query(
    `INSERT INTO certificates (thumbprint, serial, device_id, spki_thumbprint, not_before, not_after, issued_at, status, pem)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8)`,
    certificateValues(deviceId, cert, now),
  );
}

/** $1 id, $2 now, $3 certificate, $4 ownership, $5/$6 consent. */
function deviceParams(input: EnrollInput) {
  return [
    input.deviceId,
    input.now.getTime(),
    input.certificate.thumbprint,
    input.ownership,
    input.consent?.statementVersion ?? null,
    input.consent?.acceptedAt.getTime() ?? null,
  ];
}

function equalHashes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
