/**
 * `x5t#S256` (RFC 8705 §3.1): base64url SHA-256 of the certificate DER. The same value as
 * `thumbprintSha256` in @vigil/shared, computed synchronously with node:crypto because it sits
 * on the per-request path.
 */
import { createHash } from 'node:crypto';

export function x5tS256(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('base64url');
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** DER of the first certificate in a PEM text, or null. Later blocks (the chain) are ignored. */
export function pemToDer(pem: string): Buffer | null {
  const match = PEM_BLOCK.exec(pem);
  if (!match?.[1]) return null;
  return base64ToDer(match[1].replace(/\s+/g, ''));
}

/** Strict standard base64 (what proxies emit) to DER, or null. */
export function base64ToDer(text: string): Buffer | null {
  if (text.length === 0 || text.length % 4 !== 0 || !BASE64.test(text)) return null;
  const der = Buffer.from(text, 'base64');
  // A certificate is a DER SEQUENCE; anything else is not worth hashing.
  return der.length > 16 && der[0] === 0x30 ? der : null;
}

const HEX64 = /^[0-9a-fA-F]{64}$/;
const X5T = /^[A-Za-z0-9_-]{43}$/;

/** A hex SHA-256 fingerprint (Envoy `Hash=`, Caddy `fingerprint`) as `x5t#S256`. */
export function hexToX5t(hex: string): string | null {
  const clean = hex.replace(/:/g, '');
  return HEX64.test(clean) ? Buffer.from(clean, 'hex').toString('base64url') : null;
}

export function isX5t(value: string): boolean {
  return X5T.test(value);
}
