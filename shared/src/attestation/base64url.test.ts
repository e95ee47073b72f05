import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64url, decodePortable, encodeBase64url, encodePortable, isBase64url } from './base64url.js';

describe('base64url', () => {
  it('round-trips any bytes and matches Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = encodeBase64url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(decodeBase64url(text)).toEqual(bytes);
        expect(encodePortable(bytes)).toBe(text);
        expect(decodePortable(text)).toEqual(bytes);
      }),
    );
  });

  it('gives the same answer natively and without Buffer, for any string', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/= .é';
    const chars = fc.constantFrom(...alphabet.split(''));
    fc.assert(
      fc.property(
        fc.array(chars, { maxLength: 40 }).map((a) => a.join('')),
        (text) => {
          expect(decodeBase64url(text)).toEqual(decodePortable(text));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses padding, other alphabets, impossible lengths and non-canonical trailing bits', () => {
    for (const bad of ['AA==', 'A+/A', 'AB', 'AAB', 'A', 'AAAAA', 'AA AA', 'é', 'AAAA\n']) {
      expect(decodeBase64url(bad), bad).toBeNull();
      expect(decodePortable(bad), bad).toBeNull();
    }
    expect(decodeBase64url('AA')).toEqual(new Uint8Array([0]));
    expect(decodeBase64url('AAA')).toEqual(new Uint8Array([0, 0]));
    expect(isBase64url('abc-_')).toBe(false);
    expect(isBase64url('abc-_0')).toBe(true);
  });
});
