import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlistText, textBool, textDict } from './plist-text.js';
import { asDict, parsePlistXml } from './plist-xml.js';

const fixture = (check: string, name: string) =>
  readFileSync(new URL(`../${check}/__fixtures__/${name}`, import.meta.url), 'utf8');

describe('parsePlistXml', () => {
  it('reads dicts, arrays, scalars, dates and empty elements', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
  <key>Name</key><string>Macintosh HD &amp; more</string>
  <key>Size</key><integer>994662584320</integer>
  <key>Ratio</key><real>0.5</real>
  <key>On</key><true/><key>Off</key><false/>
  <key>Roles</key><array/>
  <key>When</key><date>2024-10-01T07:02:11Z</date>
  <!-- a comment -->
  <key>Blob</key><data>
  AAEC
  </data>
</dict></plist>`;
    expect(parsePlistXml(xml)).toEqual({
      Name: 'Macintosh HD & more',
      Size: 994662584320,
      Ratio: 0.5,
      On: true,
      Off: false,
      Roles: [],
      When: new Date('2024-10-01T07:02:11Z'),
      Blob: 'AAEC',
    });
  });

  it('refuses malformed documents as a whole instead of half-parsing them', () => {
    expect(parsePlistXml('<plist><dict><key>A</key></dict></plist>')).toBeNull();
    expect(parsePlistXml('<plist><dict><key>A</key><string>x</integer></dict></plist>')).toBeNull();
    expect(parsePlistXml('<plist><dict><key>A</key><weird>1</weird></dict></plist>')).toBeNull();
    expect(parsePlistXml('not xml')).toBeNull();
    expect(parsePlistXml('')).toBeNull();
  });

  it('reads the recorded diskutil and InstallHistory plists', () => {
    const list = asDict(
      parsePlistXml(fixture('disk-encryption', 'apfs-list.apple-silicon-14-filevault-on.plist')) ?? undefined,
    );
    expect(Array.isArray(list?.Containers)).toBe(true);
    expect(Array.isArray(parsePlistXml(fixture('os-patches', 'install-history.macos-14.plist')))).toBe(true);
  });
});

describe('parsePlistText (defaults read)', () => {
  it('reads nested dictionaries and lists with quoted and bare values', () => {
    const prefs = textDict(parsePlistText(fixture('os-auto-updates', 'defaults-softwareupdate.macos-14.txt')));
    expect(prefs?.CriticalUpdateInstall).toBe('1');
    expect(prefs?.LastFullSuccessfulDate).toBe('2024-11-06 06:12:44 +0000');
    expect(prefs?.PrimaryLanguages).toEqual(['en', 'en-US']);
    expect(prefs?.RecommendedUpdates).toEqual([
      {
        'Display Name': 'macOS Sonoma 14.7.1',
        'Display Version': '14.7.1',
        Identifier: 'MSU_UPDATE_23H222_patch_14.7.1',
        MobileSoftwareUpdate: '1',
        'Product Key': 'MSU_UPDATE_23H222_patch_14.7.1',
      },
      { 'Display Name': 'Safari', 'Display Version': '18.1', Identifier: '062-96023', 'Product Key': '062-96023' },
    ]);
  });

  it('handles escapes, empty lists and refuses garbage', () => {
    expect(parsePlistText('{ A = "x \\"y\\" \\U00e9"; B = ( ); }')).toEqual({ A: 'x "y" é', B: [] });
    expect(parsePlistText('{ A = 1 }')).toBeNull();
    expect(parsePlistText('Domain x does not exist')).toBeNull();
    expect([textBool('1'), textBool('NO'), textBool('maybe'), textBool(undefined)]).toEqual([true, false, null, null]);
  });
});
