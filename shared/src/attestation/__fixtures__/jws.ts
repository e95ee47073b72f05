/** Test fixtures: hand-made compact JWS tokens, for inputs jose refuses to produce. */
import { constants, createHmac, sign, type KeyObject } from 'node:crypto';

export const b64u = (data: string | Buffer | Uint8Array): string => Buffer.from(data).toString('base64url');

export type RawAlg = 'PS256' | 'RS256' | 'ES256' | 'HS256' | 'none';

/** Signs `header.payload` exactly as given (strings are used verbatim, objects JSON-encoded). */
export function rawJws(header: object | string, payload: object | string, alg: RawAlg, key?: KeyObject | Buffer): string {
  const h = typeof header === 'string' ? header : JSON.stringify(header);
  const p = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const input = `${b64u(h)}.${b64u(p)}`;
  return `${input}.${b64u(signInput(input, alg, key))}`;
}

function signInput(input: string, alg: RawAlg, key?: KeyObject | Buffer): Buffer {
  if (alg === 'none') return Buffer.alloc(0);
  if (!key) throw new Error('key required');
  if (alg === 'HS256') return createHmac('sha256', key as Buffer).update(input).digest();
  const k = key as KeyObject;
  if (alg === 'ES256') return sign('sha256', Buffer.from(input), { key: k, dsaEncoding: 'ieee-p1363' });
  if (alg === 'PS256') {
    return sign('sha256', Buffer.from(input), { key: k, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
  }
  return sign('sha256', Buffer.from(input), k);
}

/** Flips the lowest bit of decoded byte `index` of segment `segment` (0 header, 1 payload, 2 sig). */
export function flipByte(jws: string, segment: 0 | 1 | 2, index: number): string {
  const parts = jws.split('.');
  const bytes = Buffer.from(parts[segment] ?? '', 'base64url');
  bytes[index] = (bytes[index] ?? 0) ^ 1;
  parts[segment] = bytes.toString('base64url');
  return parts.join('.');
}
