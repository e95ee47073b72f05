// Property-based tests of the managed-configuration readers (plist XML and binary, XML, reg.exe
// output): each throws only its own error class, whatever the bytes, and in linear time. See
// docs/fuzzing.md.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arbitraryText,
  damaged,
  expectLinearTime,
  expectLinearTimeOn,
  PROTOTYPE_KEYS,
} from '../collectors/__fixtures__/fuzz-inputs.js';
import { FUZZ_RUNS } from '../collectors/__fixtures__/fuzz-parser.js';
import { parseBinaryPlist, parsePlist, PlistError } from './managed-plist.js';
import { parseRegQuery, RegParseError } from './managed-reg.js';
import { registryLayer, WIN32_POLICY_KEY } from './managed-win32.js';
import { parseXml, XmlSyntaxError } from './managed-xml.js';

const bytes = (name: string) => readFileSync(new URL(`./__fixtures__/managed/${name}`, import.meta.url));
const text = (name: string) => bytes(name).toString('utf8');

/** Runs `read`; any throw must be one of `allowed`. */
function contained(read: () => unknown, ...allowed: Array<new (...args: never[]) => Error>): void {
  try {
    read();
  } catch (error) {
    if (!allowed.some((kind) => error instanceof kind)) throw error;
  }
}

const xmlPlist = text('darwin-managed.xml.plist');
const binaryPlists = [bytes('darwin-managed.binary.plist'), bytes('darwin-hostile.binary.plist')];
const regOutputs = [text('win32-reg-query.txt'), text('win32-reg-query-typos.txt')];

describe('parsePlist under fuzzing', () => {
  const read = (input: Uint8Array) => contained(() => parsePlist(input), PlistError, XmlSyntaxError);

  it('throws only PlistError or XmlSyntaxError on arbitrary bytes, with or without the bplist00 magic', () => {
    const magic = Buffer.from('bplist00');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.boolean(), (body, binary) =>
        read(binary ? Buffer.concat([magic, body]) : body),
      ),
      { numRuns: FUZZ_RUNS * 2 },
    );
  });

  it('throws only its own errors on binary plists with bytes flipped, cut or spliced', () => {
    fc.assert(
      fc.property(
        fc.nat(binaryPlists.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.option(fc.nat()),
        (index, flips, cut) => {
          const copy = Buffer.from(binaryPlists[index]!);
          for (const [at, xor] of flips) copy[at % copy.length] = (copy[at % copy.length] ?? 0) ^ xor;
          read(cut === null ? copy : copy.subarray(0, cut % copy.length));
        },
      ),
      { numRuns: FUZZ_RUNS * 2 },
    );
  });

  it('throws only its own errors on damaged and arbitrary XML plists', () => {
    const utf8 = (s: string) => new TextEncoder().encode(s);
    fc.assert(
      fc.property(
        fc.oneof(
          damaged([xmlPlist]).map((d) => d.text),
          arbitraryText([xmlPlist]),
        ),
        (s) => read(utf8(s)),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('keeps every key of a well-formed dictionary as an own key, whatever its name', () => {
    const key = fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS, 'serverUrl', 'push'), fc.stringMatching(/^\w{1,8}$/));
    fc.assert(
      fc.property(fc.uniqueArray(key, { maxLength: 5 }), (keys) => {
        const body = keys.map((k) => `<key>${k}</key><dict><key>x</key><string>1</string></dict>`).join('');
        const parsed = parsePlist(new TextEncoder().encode(`<plist><dict>${body}</dict></plist>`));
        expect(Object.keys(parsed as object).sort()).toEqual([...keys].sort());
        expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('reads 1 MB inputs in linear time', () => {
    const parse = (s: string) => read(new TextEncoder().encode(s));
    expectLinearTimeOn([xmlPlist], ['<dict>', '<array>', '<!--', '&#'], parse);
    expectLinearTime([`<plist>${'<dict>'.repeat(200_000)}`], parse);
  });
});

describe('parseXml under fuzzing', () => {
  it('throws only XmlSyntaxError on arbitrary and damaged documents', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          damaged([xmlPlist]).map((d) => d.text),
          arbitraryText([xmlPlist]),
        ),
        (s) => contained(() => parseXml(s), XmlSyntaxError),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('reads 1 MB inputs in linear time', () => {
    expectLinearTimeOn([xmlPlist], ['<a ', '<a b="', '&', '<![CDATA[', '<?a'], (s) =>
      contained(() => parseXml(s), XmlSyntaxError),
    );
  });
});

describe('parseRegQuery and registryLayer under fuzzing', () => {
  const read = (stdout: string) =>
    contained(() => {
      const layer = registryLayer(parseRegQuery(stdout, WIN32_POLICY_KEY));
      // Whatever the names, nothing leaks onto Object.prototype and the layer stays a plain object.
      expect(Object.getPrototypeOf(layer)).toBe(Object.prototype);
      expect(Object.keys(Object.prototype)).toEqual([]);
    }, RegParseError);

  it('throws only RegParseError on arbitrary and damaged reg.exe output', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          damaged(regOutputs).map((d) => d.text),
          arbitraryText(regOutputs),
        ),
        read,
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('keeps every value of a well-formed answer as an own key, whatever its name', () => {
    const root = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Vigil';
    const name = fc.oneof(
      fc.constantFrom(...PROTOTYPE_KEYS, 'serverUrl', 'push', 'timeoutMs'),
      fc.stringMatching(/^\w{1,8}$/),
    );
    const value = fc.tuple(name, fc.stringMatching(/^\w{0,8}$/)).map(([n, data]) => `    ${n}    REG_SZ    ${data}`);
    const key = fc
      .tuple(fc.option(name, { nil: undefined }), fc.array(value, { maxLength: 4 }))
      .map(([sub, values]) => [sub === undefined ? root : `${root}\\${sub}`, ...values].join('\r\n'));
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 4 }), (keys) => read(keys.join('\r\n\r\n'))),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('reads 1 MB inputs in linear time', () => {
    expectLinearTimeOn(regOutputs, ['    ', '    a    REG_SZ    ', '0x'], read);
  });
});

describe('managed-configuration readers: regressions found while fuzzing', () => {
  it('a registry subkey or value named __proto__ stays an own key instead of polluting Object.prototype', () => {
    const root = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Vigil';
    const stdout = `${root}\\__proto__\r\n    polluted    REG_SZ    yes\r\n\r\n${root}\r\n    __proto__    REG_SZ    x\r\n`;
    const layer = registryLayer(parseRegQuery(stdout, WIN32_POLICY_KEY));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(layer)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(layer, '__proto__')?.value).toEqual('x');
  });

  it('a registry value and subkey of the same name is a schema problem, not a TypeError (seed -2054992923)', () => {
    const root = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Vigil';
    const stdout = `${root}\r\n    push    REG_SZ    x\r\n\r\n${root}\\push\r\n    timeoutMs    REG_DWORD    0x10\r\n`;
    expect(registryLayer(parseRegQuery(stdout, WIN32_POLICY_KEY))).toEqual({
      push: 'both a value and a subkey of this name',
    });
  });

  it('a plist key named __proto__ is an own key, so the strict schema sees it', () => {
    const xml = '<plist><dict><key>__proto__</key><dict><key>serverUrl</key><string>x</string></dict></dict></plist>';
    const parsed = parsePlist(new TextEncoder().encode(xml)) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(parsed.serverUrl).toBeUndefined();
  });

  it('a binary plist date that is NaN or out of range is a PlistError, not a RangeError', () => {
    for (const seconds of [Number.NaN, 1e300]) {
      const date = Buffer.alloc(9);
      date[0] = 0x33;
      date.writeDoubleBE(seconds, 1);
      const trailer = Buffer.alloc(32);
      trailer[6] = 1;
      trailer[7] = 1;
      trailer.writeBigUInt64BE(1n, 8);
      trailer.writeBigUInt64BE(BigInt(8 + date.length), 24);
      const plist = Buffer.concat([Buffer.from('bplist00'), date, Buffer.from([8]), trailer]);
      expect(() => parseBinaryPlist(plist)).toThrow(PlistError);
    }
  });
});
