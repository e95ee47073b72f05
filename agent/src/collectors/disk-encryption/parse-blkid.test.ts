import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { luksMethodFromBlkid, parseBlkid } from './parse-blkid.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('blkid -p', () => {
  it.each([
    ['blkid-p.luks2.txt', 'luks2'],
    ['blkid-p.luks1.txt', 'luks1'],
    ['blkid-p.ext4.txt', null],
  ])('%s → %s', (name, method) => {
    expect(luksMethodFromBlkid(parseBlkid(fixture(name)))).toBe(method);
  });

  it('parses quoted values, including escapes', () => {
    expect(parseBlkid('/dev/sda1: LABEL="my \\"disk\\"" TYPE="ext4"\n')).toEqual({ LABEL: 'my "disk"', TYPE: 'ext4' });
    expect(luksMethodFromBlkid(parseBlkid('/dev/sdb: TYPE="crypto_LUKS"\n'))).toBe('luks');
    expect(parseBlkid(fixture('blkid.eperm.stderr.txt'))).toEqual({});
  });
});
