// Property-based tests of the two plist readers the macOS collectors share: see docs/fuzzing.md.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectLinearTime } from '../__fixtures__/fuzz-inputs.js';
import { fuzzParser } from '../__fixtures__/fuzz-parser.js';
import { parsePlistText } from './plist-text.js';
import { parsePlistXml } from './plist-xml.js';

const fixture = (check: string, name: string) =>
  readFileSync(new URL(`../${check}/__fixtures__/${name}`, import.meta.url), 'utf8');

const xmlSamples = [
  fixture('disk-encryption', 'apfs-list.apple-silicon-14-filevault-on.plist'),
  fixture('disk-encryption', 'diskutil-info-data.intel-t2-13.plist'),
  fixture('os-patches', 'install-history.macos-14.plist'),
];
const textSamples = [
  fixture('os-auto-updates', 'defaults-softwareupdate.macos-14.txt'),
  fixture('os-auto-updates', 'defaults-softwareupdate.managed.txt'),
  fixture('net-firewall', 'defaults-managed-firewall.enabled.txt'),
];
const MB = 1024 * 1024;

fuzzParser('parsePlistXml', {
  samples: xmlSamples,
  parse: parsePlistXml,
  // Regressions found by fuzzing: an out-of-range character reference threw a RangeError.
  examples: ['<string>&#99999999;</string>', '<dict><key>&#x110000;</key><true/></dict>'],
  hostile: ['<!--', '<!DOCTYPE', '<?xml', '<plist', '<array>', '<dict><key>a</key>'],
});

fuzzParser('parsePlistText', {
  samples: textSamples,
  parse: parsePlistText,
  hostile: ['{ a = ', '( ', '/*', '"\\U'],
});

describe('plist readers: regressions found by fuzzing', () => {
  it('refuse character references outside Unicode instead of throwing', () => {
    expect(parsePlistXml('<plist><string>&#99999999;</string></plist>')).toBeNull();
    expect(parsePlistXml('<plist><string>&#x10FFFF;&#65;</string></plist>')).toBe('\u{10FFFF}A');
  });

  it('refuse documents nested deeper than any real plist instead of overflowing the stack', () => {
    expect(parsePlistXml(`${'<array>'.repeat(20_000)}${'</array>'.repeat(20_000)}`)).toBeNull();
    expect(parsePlistText(`${'('.repeat(20_000)}${')'.repeat(20_000)}`)).toBeNull();
    expect(parsePlistXml(`${'<array>'.repeat(10)}${'</array>'.repeat(10)}`)).toEqual([[[[[[[[[[]]]]]]]]]]);
  });

  it('tokenize runs of unterminated prologs, doctypes and comments in linear time', () => {
    // Each took 2–15 s on 300–450 KB before the token pattern stopped at the next "<".
    expectLinearTime(
      ['<!DOCTYPE', '<?xml', '<plist', '<!--', '<!-- -->'].map((unit) => unit.repeat(MB / unit.length)),
      parsePlistXml,
    );
    expect(parsePlistXml('<!-- a --><dict/><!-- b')).toBeNull();
  });

  it('keep a `__proto__` key as a key, never as the prototype of the dictionary', () => {
    const xml = parsePlistXml('<dict><key>__proto__</key><dict><key>FileVault</key><true/></dict></dict>') as Record<
      string,
      unknown
    >;
    expect(Object.keys(xml)).toEqual(['__proto__']);
    expect(xml.FileVault).toBeUndefined();
    const text = parsePlistText('{ __proto__ = { EnableFirewall = 1; }; }') as Record<string, unknown>;
    expect(Object.keys(text)).toEqual(['__proto__']);
    expect(text.EnableFirewall).toBeUndefined();
  });
});
