import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeRelease, parseOsRelease } from './parse-os-release.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const describeFixture = (name: string) => describeRelease(parseOsRelease(fixture(name)));

describe('parseOsRelease', () => {
  it('follows the os-release(5) quoting rules', () => {
    const fields = parseOsRelease(
      [
        '# comment',
        '',
        'NAME="Quoted \\"Linux\\" \\$HOME \\`x\\` \\\\"',
        "PRETTY_NAME='Single quoted $HOME'",
        'ID=plain',
        'VERSION_CODENAME=""',
        '  BUILD_ID=padded  ',
        'not a line',
        'lower=ignored',
      ].join('\n'),
    );
    expect(fields).toEqual({
      NAME: 'Quoted "Linux" $HOME `x` \\',
      PRETTY_NAME: 'Single quoted $HOME',
      ID: 'plain',
      VERSION_CODENAME: '',
      BUILD_ID: 'padded',
    });
  });
});

describe('describeRelease', () => {
  it.each([
    [
      'os-release.debian-12.txt',
      { distroId: 'debian', name: 'Debian GNU/Linux', version: '12 (bookworm)', codename: 'bookworm' },
    ],
    ['os-release.ubuntu-22.04.txt', { distroId: 'ubuntu', name: 'Ubuntu', version: '22.04.4 LTS', codename: 'jammy' }],
    ['os-release.ubuntu-24.04.txt', { distroId: 'ubuntu', name: 'Ubuntu', version: '24.04.1 LTS', codename: 'noble' }],
    // VERSION_CODENAME="" must not become an empty codename.
    ['os-release.fedora-40.txt', { distroId: 'fedora', name: 'Fedora Linux', version: '40 (Workstation Edition)' }],
    ['os-release.rocky-9.4.txt', { distroId: 'rocky', name: 'Rocky Linux', version: '9.4 (Blue Onyx)' }],
    // Rolling: no VERSION_ID, BUILD_ID=rolling.
    ['os-release.arch.txt', { distroId: 'arch', name: 'Arch Linux', version: 'rolling' }],
    // Testing/unstable: no VERSION_ID and no BUILD_ID, the pretty name carries "trixie/sid".
    [
      'os-release.debian-sid.txt',
      { distroId: 'debian', name: 'Debian GNU/Linux', version: 'trixie/sid', codename: 'trixie' },
    ],
    // PRETTY_NAME says "Rolling", which is not the version: VERSION wins.
    [
      'os-release.kali-rolling.txt',
      { distroId: 'kali', name: 'Kali GNU/Linux', version: '2024.2', codename: 'kali-rolling' },
    ],
  ])('%s', (name, expected) => {
    expect(describeFixture(name)).toEqual(expected);
  });

  it('falls back to the os-release(5) defaults', () => {
    expect(describeRelease({})).toEqual({ distroId: 'linux', name: 'Linux', version: 'rolling' });
  });
});
