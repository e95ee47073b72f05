// Property-based tests of every OS version reader (Linux, macOS, Windows): see docs/fuzzing.md.
import { OsVersionValueSchema } from '@vigil/shared';
import { expect } from 'vitest';
import { fixtures } from '../__fixtures__/fuzz-inputs.js';
import { fuzzJsonParser, fuzzParser } from '../__fixtures__/fuzz-parser.js';
import { describeRelease, parseOsRelease } from './parse-os-release.js';
import { parseSwVers } from './parse-sw-vers.js';
import { parseWin32Os } from './parse-win32-os.js';

const read = (names: string[]) => fixtures(import.meta.url, names);

fuzzParser('os-release', {
  samples: read([
    'os-release.arch.txt',
    'os-release.debian-12.txt',
    'os-release.debian-sid.txt',
    'os-release.fedora-40.txt',
    'os-release.kali-rolling.txt',
    'os-release.rocky-9.4.txt',
    'os-release.ubuntu-22.04.txt',
    'os-release.ubuntu-24.04.txt',
  ]),
  parse: (text) => describeRelease(parseOsRelease(text)),
  check: (release) => {
    const value = { platform: 'linux', ...release };
    expect(OsVersionValueSchema.safeParse(value).error).toBeUndefined();
  },
  hostile: ['A="', 'A=\\"', 'PRETTY_NAME='],
});

fuzzParser('sw_vers', {
  samples: read([
    'sw_vers.macos-10.15.txt',
    'sw_vers.macos-12.txt',
    'sw_vers.macos-13.3.1-rsr.txt',
    'sw_vers.macos-14.txt',
    'sw_vers.macos-15.txt',
  ]),
  parse: parseSwVers,
  check: (vers) => {
    if (vers) expect(vers.major === null || Number.isSafeInteger(vers.major)).toBe(true);
  },
  hostile: ['ProductVersion:\t', '1.', 'a:'],
});

fuzzJsonParser('OS version script answer', {
  samples: read([
    'ps-os-version.server-2022.json',
    'ps-os-version.win10-1809-ltsc.json',
    'ps-os-version.win10-22h2.json',
    'ps-os-version.win11-23h2.json',
    'ps-os-version.win11-24h2-fr.json',
  ]),
  parse: parseWin32Os,
  check: (value) => {
    if (value) expect(OsVersionValueSchema.safeParse(value).error).toBeUndefined();
  },
});
