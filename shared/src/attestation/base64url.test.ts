import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64url, encodeBase64url, isBase64url } from './base64url.js';

describe('base64url', () => {
  it('round-trips any bytes and matches Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = encodeBase64url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(decodeBase64url(text)).toEqual(bytes);
      }),
    );
  });

  it('refuses padding, other alphabets, impossible lengths and non-canonical trailing bits', () => {
    for (const bad of ['AA==', 'A+/A', 'AB', 'AAB', 'A', 'AAAAA', 'AA AA', 'é'])
      expect(decodeBase64url(bad), bad).toBeNull();
    expect(decodeBase64url('AA')).toEqual(new Uint8Array([0]));
    expect(decodeBase64url('AAA')).toEqual(new Uint8Array([0, 0]));
    expect(isBase64url('abc-_')).toBe(false);
    expect(isBase64url('abc-_0')).toBe(true);
  });
});
