import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyStack, type ClassifyContext } from './classify.js';
import { parseDmsetupTable } from './parse-dm.js';
import { parseLsblk } from './parse-lsblk.js';
import type { BlockNode } from './topology.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const part = (kname: string): BlockNode => ({ kname, kind: 'partition', slaves: [], removable: false });
const disk = (kname: string): BlockNode => ({ kname, kind: 'disk', slaves: [], removable: false });
const dm = (kname: string, uuid: string, name: string, ...slaves: BlockNode[]): BlockNode => ({
  kname,
  kind: 'dm',
  dm: { uuid, name },
  slaves,
});
const luks = (slave: BlockNode, kname = 'dm-0', name = 'cryptroot') =>
  dm(kname, `CRYPT-LUKS2-0123456789abcdef0123456789abcdef-${name}`, name, slave);
const judge = (root: BlockNode, ctx: ClassifyContext = {}) => classifyStack(root, ctx, 'sysfs');

describe('classifyStack', () => {
  it('a plain disk or partition is unencrypted', () => {
    expect(judge(disk('vda'))).toEqual({
      state: 'unencrypted',
      detail: 'vda disk: no encryption layer between the filesystem and the disk (sysfs)',
    });
    expect(judge(part('nvme0n1p2')).state).toBe('unencrypted');
  });

  it('LUKS2 directly under the filesystem, and LVM on LUKS', () => {
    expect(judge(luks(part('nvme0n1p3')))).toMatchObject({ state: 'encrypted', method: 'luks2' });
    const lvmOnLuks = dm('dm-1', 'LVM-abc', 'vg-root', luks(part('nvme0n1p3')));
    const verdict = judge(lvmOnLuks, {
      dmTables: parseDmsetupTable(
        fixture('dmsetup-table.ubuntu-luks-lvm.txt').replaceAll('nvme0n1p3_crypt', 'cryptroot'),
      ),
    });
    expect(verdict).toMatchObject({ state: 'encrypted', method: 'luks2' });
    expect(verdict.detail).toContain(
      'dm-1 (vg-root) lvm → dm-0 (cryptroot) luks2 aes-xts-plain64 → nvme0n1p3 partition',
    );
  });

  it('every path must be encrypted: an LV spanning an encrypted and a plain PV is unencrypted', () => {
    const mixed = dm('dm-2', 'LVM-abc', 'vg-data', luks(part('sda1')), part('sdb1'));
    expect(judge(mixed)).toMatchObject({ state: 'unencrypted', detail: expect.stringContaining('sdb1') });
    const raid = {
      kname: 'md0',
      kind: 'md',
      slaves: [luks(part('sda1'), 'dm-0', 'a'), luks(part('sdb1'), 'dm-1', 'b')],
    } satisfies BlockNode;
    expect(judge(raid)).toMatchObject({ state: 'encrypted', method: 'luks2' });
  });

  it('dm-verity and dm-integrity carry a CRYPT- uuid but do not encrypt', () => {
    expect(judge(dm('dm-0', fixture('dm-uuid.verity.txt'), 'root-verity', part('nvme0n1p2'))).state).toBe(
      'unencrypted',
    );
    // LUKS2 with integrity: the crypt layer sits over an integrity sub-device.
    const subdev = dm('dm-0', fixture('dm-uuid.luks2-integrity-subdev.txt'), 'cryptroot_dif', part('nvme0n1p3'));
    expect(judge(luks(subdev, 'dm-1'))).toMatchObject({ state: 'encrypted', method: 'luks2' });
  });

  it('cipher_null is not encryption; a table contradicting the uuid is unknown', () => {
    const mapping = luks(part('sda4'), 'dm-0', 'nullcrypt');
    expect(judge(mapping, { dmTables: parseDmsetupTable(fixture('dmsetup-table.variants.txt')) })).toMatchObject({
      state: 'unencrypted',
      detail: expect.stringContaining('cipher_null'),
    });
    expect(
      judge(luks(part('sda4'), 'dm-0', 'data'), { dmTables: parseDmsetupTable(fixture('dmsetup-table.variants.txt')) })
        .state,
    ).toBe('unknown');
  });

  it('an unlabelled mapping is resolved by dmsetup, then by a LUKS header probe, else unknown', () => {
    const opaque = dm('dm-0', '', 'cryptswap', part('sda3'));
    expect(judge(opaque).state).toBe('unknown');
    expect(judge(opaque, { dmTables: parseDmsetupTable(fixture('dmsetup-table.variants.txt')) })).toMatchObject({
      state: 'encrypted',
      method: 'dm-crypt',
    });
    expect(judge(opaque, { luksProbes: new Map([['sda3', 'luks1']]) })).toMatchObject({
      state: 'encrypted',
      method: 'luks1',
    });
    expect(judge(opaque, { luksProbes: new Map([['sda3', null]]) }).state).toBe('unknown');
  });

  it('never guesses: unreadable nodes and file-backed loops are unknown', () => {
    expect(
      judge({ kname: 'vda', kind: 'disk', slaves: [], unreadable: '/sys/class/block/vda: VIGIL_IO_PERMISSION_DENIED' }),
    ).toMatchObject({
      state: 'unknown',
      detail: expect.stringContaining('PERMISSION_DENIED'),
    });
    expect(judge({ kname: 'loop7', kind: 'loop', slaves: [] }).state).toBe('unknown');
  });

  it('judges lsblk stacks by TYPE, so a missing FSTYPE (no udev) does not hide LUKS', () => {
    for (const name of ['lsblk-s.ubuntu-luks-lvm.json', 'lsblk-s.ubuntu-luks-lvm-no-udev.json']) {
      const [root, swap, boot] = parseLsblk(fixture(name)) ?? [];
      if (!root || !swap || !boot) throw new Error('fixture');
      expect(classifyStack(root, {}, 'lsblk').state).toBe('encrypted');
      expect(classifyStack(swap, {}, 'lsblk').state).toBe('encrypted');
      expect(classifyStack(boot, {}, 'lsblk').state).toBe('unencrypted');
    }
    const [withUdev] = parseLsblk(fixture('lsblk-s.ubuntu-luks-lvm.json')) ?? [];
    const [withoutUdev] = parseLsblk(fixture('lsblk-s.ubuntu-luks-lvm-no-udev.json')) ?? [];
    expect(withUdev && classifyStack(withUdev, {}, 'lsblk').method).toBe('luks');
    expect(withoutUdev && classifyStack(withoutUdev, {}, 'lsblk').method).toBe('dm-crypt');
    const [vda] = parseLsblk(fixture('lsblk-s.debian-12-vm-no-udev.json')) ?? [];
    expect(vda && classifyStack(vda, {}, 'lsblk').state).toBe('unencrypted');
  });
});
