import { describe, expect, it } from 'vitest';
import { nonceSource } from './nonce-source.js';

describe('nonceSource', () => {
  it('gives 32-byte base64url nonces, never the same one twice, across many pool refills', () => {
    const next = nonceSource();
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const nonce = next();
      expect(nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(nonce, 'base64url')).toHaveLength(32);
      seen.add(nonce);
    }
    expect(seen.size).toBe(1000);
  });

  it('does not share bytes between sources', () => {
    const a = nonceSource();
    const b = nonceSource();
    expect(a()).not.toBe(b());
  });
});
