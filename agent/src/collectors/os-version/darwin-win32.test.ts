import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSwVers } from './parse-sw-vers.js';
import { parseWin32Os } from './parse-win32-os.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('parseSwVers', () => {
  it.each([
    ['sw_vers.macos-10.15.txt', { productName: 'Mac OS X', version: '10.15.7', build: '19H2026', major: 10 }],
    ['sw_vers.macos-12.txt', { productName: 'macOS', version: '12.7.6', build: '21H1320', major: 12 }],
    ['sw_vers.macos-13.3.1-rsr.txt', { productName: 'macOS', version: '13.3.1 (a)', build: '22E772610a', major: 13 }],
    ['sw_vers.macos-14.txt', { productName: 'macOS', version: '14.7.1', build: '23H222', major: 14 }],
    ['sw_vers.macos-15.txt', { productName: 'macOS', version: '15.1', build: '24B83', major: 15 }],
  ])('%s', (name, expected) => {
    expect(parseSwVers(fixture(name))).toEqual(expected);
  });
  it('refuses output without a version', () => {
    expect(parseSwVers('sw_vers: command not found\n')).toBeNull();
    expect(parseSwVers('ProductVersion:\tabc\n')).toBeNull();
  });
});

describe('parseWin32Os', () => {
  it.each([
    ['ps-os-version.win11-23h2.json', { name: 'Windows 11 Pro', version: '23H2', build: '10.0.22631.4460' }],
    [
      'ps-os-version.win11-24h2-fr.json',
      { name: 'Windows 11 Professionnel', version: '24H2', build: '10.0.26100.2314' },
    ],
    ['ps-os-version.win10-22h2.json', { name: 'Windows 10 Enterprise', version: '22H2', build: '10.0.19045.5131' }],
    [
      'ps-os-version.win10-1809-ltsc.json',
      { name: 'Windows 10 Enterprise LTSC', version: '1809', build: '10.0.17763.6414' },
    ],
    [
      'ps-os-version.server-2022.json',
      { name: 'Windows Server 2022 Standard', version: '21H2', build: '10.0.20348.2762' },
    ],
  ])('%s', (name, expected) => {
    expect(parseWin32Os(JSON.parse(fixture(name)))).toEqual({ platform: 'win32', distroId: 'windows', ...expected });
  });
  it('keeps the build without UBR rather than inventing one, and refuses non-versions', () => {
    expect(parseWin32Os({ caption: 'Microsoft Windows 11 Home', version: '10.0.22631', ubr: null })).toMatchObject({
      build: '10.0.22631',
      version: '10.0.22631',
    });
    expect(parseWin32Os({ caption: 'x', version: 'unknown' })).toBeNull();
    expect(parseWin32Os([])).toBeNull();
  });
});
