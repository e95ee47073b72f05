/** Hand-made compact JWS for inputs signEvidence refuses to produce (bad claims, odd headers). */
import { constants, sign, type KeyObject } from 'node:crypto';

export const b64u = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

export function signRawPs256(header: object | string, payload: object | string, key: KeyObject): string {
  const h = typeof header === 'string' ? header : JSON.stringify(header);
  const p = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const input = `${b64u(h)}.${b64u(p)}`;
  const signature = sign('sha256', Buffer.from(input), {
    key,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: 32,
  });
  return `${input}.${b64u(signature)}`;
}

export function flipByte(jws: string, segment: 0 | 1 | 2, index: number): string {
  const parts = jws.split('.');
  const bytes = Buffer.from(parts[segment] ?? '', 'base64url');
  bytes[index] = (bytes[index] ?? 0) ^ 1;
  parts[segment] = bytes.toString('base64url');
  return parts.join('.');
}
