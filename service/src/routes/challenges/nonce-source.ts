import { randomBytes } from 'node:crypto';

const NONCE_BYTES = 32;
const NONCE_POOL_BYTES = 4096;

/**
 * 32-byte nonces cut from CSPRNG bytes drawn 4 KiB at a time, each byte used once: one
 * randomBytes call per 128 challenges instead of one each (~20 µs apiece under load).
 */
export function nonceSource(): () => string {
  let pool = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset + NONCE_BYTES > pool.length) {
      pool = randomBytes(NONCE_POOL_BYTES);
      offset = 0;
    }
    offset += NONCE_BYTES;
    return pool.toString('base64url', offset - NONCE_BYTES, offset);
  };
}
