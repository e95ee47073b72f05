import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlist, parseXmlPlist, PlistError } from './managed-plist.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/managed/${name}`, import.meta.url));
const EXPECTED = {
  PayloadUUID: '5B0E6C1E-7A4F-5D2B-9C3E-1F2A3B4C5D6E',
  checks: ['os.version', 'disk.encryption'],
  intervalMinutes: 10,
  ownership: 'personal',
  push: { timeoutMs: 20000 },
  serverUrl: 'https://vigil.example.com',
  tray: { allowHideWhenHealthy: true },
};

describe('parsePlist', () => {
  it('reads the XML and the binary form of the same managed preferences identically', () => {
    expect(parsePlist(fixture('darwin-managed.xml.plist'))).toEqual(EXPECTED);
    expect(parsePlist(fixture('darwin-managed.binary.plist'))).toEqual(EXPECTED);
  });

  it('reads every XML value type', () => {
    const value = parseXmlPlist(
      '<plist><dict><key>s</key><string/><key>i</key><integer>-3</integer><key>r</key><real>1.5</real>' +
        '<key>f</key><false/><key>d</key><date>2026-01-01T00:00:00Z</date><key>b</key><data> AAE= </data>' +
        '<key>a</key><array/></dict></plist>',
    );
    expect(value).toEqual({ s: '', i: -3, r: 1.5, f: false, d: '2026-01-01T00:00:00Z', b: 'AAE=', a: [] });
  });

  it.each([
    ['<dict/>', 'expected <plist>'],
    ['<plist></plist>', 'exactly one value'],
    ['<plist><dict><key>a</key></dict></plist>', 'alternate'],
    ['<plist><dict><string>a</string><true/></dict></plist>', 'expected <key>'],
    ['<plist><dict><key>a</key><true/><key>a</key><false/></dict></plist>', 'duplicate key'],
    ['<plist><integer>1.5</integer></plist>', 'bad <integer>'],
    ['<plist><integer>99999999999999999999</integer></plist>', 'bad <integer>'],
    ['<plist><true>x</true></plist>', 'must be empty'],
    ['<plist><dict>oops<key>a</key><true/></dict></plist>', 'unexpected text'],
    ['<plist><object/></plist>', 'unknown plist element'],
  ])('rejects %j', (text, message) => {
    expect(() => parseXmlPlist(text)).toThrow(message);
  });

  it('rejects a binary plist whose object graph has a cycle', () => {
    expect(() => parsePlist(fixture('darwin-hostile.binary.plist'))).toThrow('cycle');
  });

  it('rejects truncated or corrupt binary plists without reading out of bounds', () => {
    const good = fixture('darwin-managed.binary.plist');
    expect(() => parsePlist(good.subarray(0, 20))).toThrow(PlistError);
    for (let cut = 9; cut < good.length; cut += 7) {
      const corrupt = Buffer.from(good);
      corrupt[cut] = corrupt[cut]! ^ 0xff;
      try {
        parsePlist(corrupt);
      } catch (error) {
        expect(error).toBeInstanceOf(PlistError);
      }
    }
  });

  it('rejects bytes that are neither binary plist nor UTF-8', () => {
    expect(() => parsePlist(Buffer.from([0x3c, 0xff, 0xfe]))).toThrow('neither a binary plist nor UTF-8');
  });
});
