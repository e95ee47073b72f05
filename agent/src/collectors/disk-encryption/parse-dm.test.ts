import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyDmTable, classifyDmUuid, parseDmsetupTable } from './parse-dm.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('classifyDmUuid', () => {
  it.each([
    ['dm-uuid.ubuntu-luks2.txt', { kind: 'crypt', method: 'luks2' }],
    ['dm-uuid.fedora-luks2.txt', { kind: 'crypt', method: 'luks2' }],
    ['dm-uuid.luks1.txt', { kind: 'crypt', method: 'luks1' }],
    ['dm-uuid.plain-swap.txt', { kind: 'crypt', method: 'dm-crypt' }],
    // CRYPT- prefixed, but integrity-only or read-only hashing: not encryption.
    ['dm-uuid.verity.txt', { kind: 'passthrough', what: 'verity' }],
    ['dm-uuid.luks2-integrity-subdev.txt', { kind: 'passthrough', what: 'subdev' }],
    ['dm-uuid.lvm.txt', { kind: 'passthrough', what: 'lvm' }],
  ])('%s', (name, expected) => {
    expect(classifyDmUuid(fixture(name))).toEqual(expected);
  });

  it('leaves unknown or empty uuids opaque', () => {
    expect(classifyDmUuid('')).toEqual({ kind: 'opaque' });
    expect(classifyDmUuid('CRYPT-NEWTYPE-abc-name')).toEqual({ kind: 'opaque' });
    expect(classifyDmUuid('something-custom')).toEqual({ kind: 'opaque' });
    expect(classifyDmUuid('mpath-3600508b400105e210000900000490000')).toEqual({
      kind: 'passthrough',
      what: 'multipath',
    });
  });
});

describe('dmsetup table', () => {
  it('parses every mapping with its targets', () => {
    const tables = parseDmsetupTable(fixture('dmsetup-table.ubuntu-luks-lvm.txt'));
    expect(tables.get('nvme0n1p3_crypt')).toEqual([{ type: 'crypt', cipher: 'aes-xts-plain64' }]);
    expect(tables.get('vgubuntu-root')).toEqual([{ type: 'linear' }]);
    expect(parseDmsetupTable('No devices found\n').size).toBe(0);
  });

  it('classifies crypt, cipher_null, verity and multi-segment linear', () => {
    const tables = parseDmsetupTable(fixture('dmsetup-table.variants.txt'));
    expect(classifyDmTable(tables.get('cryptswap') ?? [])).toEqual({ kind: 'crypt', method: 'dm-crypt' });
    expect(classifyDmTable(tables.get('nullcrypt') ?? [])).toEqual({
      kind: 'passthrough',
      what: 'crypt with cipher_null',
    });
    expect(classifyDmTable(tables.get('root-verity') ?? [])).toEqual({ kind: 'passthrough', what: 'verity' });
    expect(classifyDmTable(tables.get('data') ?? [])).toEqual({ kind: 'passthrough', what: 'linear+linear' });
    expect(classifyDmTable([{ type: 'zoned' }])).toEqual({ kind: 'opaque' });
  });
});
