import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLsblk } from './parse-lsblk.js';
import { leavesOf } from './topology.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('parseLsblk (-s, inverse tree)', () => {
  it('reads a LUKS2 + LVM laptop with udev', () => {
    const stacks = parseLsblk(fixture('lsblk-s.ubuntu-luks-lvm.json'));
    expect(stacks?.map((s) => [s.kname, s.kind, s.lsblk?.type])).toEqual([
      ['dm-1', 'dm', 'lvm'],
      ['dm-2', 'dm', 'lvm'],
      ['nvme0n1p2', 'partition', 'part'],
      ['nvme0n1p1', 'partition', 'part'],
    ]);
    const crypt = stacks?.[0]?.slaves[0];
    expect(crypt).toMatchObject({ kname: 'dm-0', lsblk: { type: 'crypt', fstype: 'LVM2_member' } });
    expect(crypt?.slaves[0]?.lsblk?.fstype).toBe('crypto_LUKS');
    expect(leavesOf(stacks?.[0] ?? { kname: '', kind: 'other', slaves: [] }).map((l) => l.kname)).toEqual(['nvme0n1']);
  });

  it('keeps TYPE without udev even though every FSTYPE is null', () => {
    const stacks = parseLsblk(fixture('lsblk-s.ubuntu-luks-lvm-no-udev.json'));
    const crypt = stacks?.[0]?.slaves[0];
    expect(crypt).toMatchObject({ kname: 'dm-0', lsblk: { type: 'crypt', fstype: null } });
    expect(crypt?.slaves[0]?.lsblk).toEqual({ type: 'part', fstype: null });
  });

  it('reads the real output of this machine (no udev) and a RHEL 8 xfs-on-LUKS root', () => {
    expect(parseLsblk(fixture('lsblk-s.debian-12-vm-no-udev.json'))).toEqual([
      { kname: 'vda', kind: 'disk', lsblk: { type: 'disk', fstype: null }, slaves: [] },
    ]);
    expect(parseLsblk(fixture('lsblk-s.rhel8-xfs-on-luks.json'))?.[0]).toMatchObject({
      kname: 'dm-0',
      kind: 'dm',
      lsblk: { type: 'crypt' },
    });
  });

  it('rejects what is not lsblk JSON', () => {
    expect(parseLsblk('lsblk: /dev/nope: not a block device')).toBeNull();
    expect(parseLsblk('{"something": []}')).toBeNull();
  });
});
