/**
 * SHA-256 thumbprints, base64url without padding. One value names a device certificate in three
 * places: the evidence `kid`, the EAR `cnf["x5t#S256"]` (RFC 8705 §3.1) and the service registry.
 * WebCrypto keeps this usable outside Node (gateways at the edge).
 */
import { encodeBase64url } from './base64url.js';

export async function sha256Base64url(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return encodeBase64url(new Uint8Array(digest));
}

/** `x5t#S256` of a certificate: SHA-256 over its DER encoding. */
export function thumbprintSha256(certDer: Uint8Array): Promise<string> {
  return sha256Base64url(certDer);
}

/** The hash chain link: SHA-256 over the compact JWS string of a report (its ASCII bytes). */
export function evidenceHash(jws: string): Promise<string> {
  return sha256Base64url(jws);
}

/** Compares two strings without an early exit, for thumbprints taken from a connection. */
export function equalConstantTime(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}
