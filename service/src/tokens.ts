/**
 * Bearer tokens (enrollment, admin and gateway): `vgl_<kind>_<id>_<secret>`. Only SHA-256 of the secret
 * is stored; lookup is by id and the hash is compared in constant time, so neither the database
 * nor response timing reveals a usable token.
 */
import { createHash, randomBytes } from 'node:crypto';

export type TokenKind = 'enr' | 'adm' | 'gwy';
const FORMAT = /^vgl_(enr|adm|gwy)_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface MintedToken {
  token: string;
  id: string;
  secretHash: Buffer;
}

export function mintToken(kind: TokenKind): MintedToken {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { token: `vgl_${kind}_${id}_${secret}`, id, secretHash: hashSecret(secret) };
}

export function parseToken(token: unknown, kind: TokenKind): { id: string; secretHash: Buffer } | null {
  if (typeof token !== 'string') return null;
  const match = FORMAT.exec(token);
  if (!match || match[1] !== kind || !match[2] || !match[3]) return null;
  return { id: match[2], secretHash: hashSecret(match[3]) };
}

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}
