import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mountSkipReason, parseMountinfo, parseSwaps } from './parse-mounts.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('parseMountinfo', () => {
  it('reads the real mountinfo of this machine', () => {
    const root = parseMountinfo(fixture('mountinfo.debian-12-vm.txt')).find((m) => m.mountpoint === '/');
    expect(root).toEqual({ majorMinor: '254:0', root: '/', mountpoint: '/', fstype: 'ext4', source: '/dev/vda' });
  });

  it('keeps btrfs subvolume roots and anonymous device numbers', () => {
    const mounts = parseMountinfo(fixture('mountinfo.fedora-40-workstation.txt'));
    expect(mounts.find((m) => m.mountpoint === '/home')).toMatchObject({
      majorMinor: '0:21',
      root: '/home',
      fstype: 'btrfs',
    });
  });

  it('handles optional fields and octal escapes', () => {
    const [entry] = parseMountinfo(
      '36 35 98:0 /mnt1 /mnt/my\\040disk rw,noatime master:1 shared:2 - ext3 /dev/root rw,errors=continue\n',
    );
    expect(entry).toEqual({
      majorMinor: '98:0',
      root: '/mnt1',
      mountpoint: '/mnt/my disk',
      fstype: 'ext3',
      source: '/dev/root',
    });
  });
});

describe('parseSwaps', () => {
  it('reads partitions, files (with escaped names) and zram', () => {
    expect(parseSwaps(fixture('swaps.swapfile-and-partition.txt'))).toEqual([
      { path: '/swap file.img', type: 'file' },
      { path: '/dev/sda3', type: 'partition' },
    ]);
    expect(parseSwaps(fixture('swaps.fedora-40-zram.txt'))).toEqual([{ path: '/dev/zram0', type: 'partition' }]);
    expect(parseSwaps(fixture('swaps.empty.txt'))).toEqual([]);
  });
});

describe('mountSkipReason', () => {
  it.each([
    ['ext4', null],
    ['btrfs', null],
    ['vfat', null],
    ['fuseblk', null],
    ['tmpfs', 'pseudo'],
    ['squashfs', 'pseudo'],
    ['overlay', 'pseudo'],
    ['nfs4', 'remote'],
    ['cifs', 'remote'],
    ['fuse.sshfs', 'fuse'],
    ['fuse.portal', 'fuse'],
  ] as const)('%s → %s', (fstype, reason) => {
    expect(mountSkipReason({ fstype })).toBe(reason);
  });
});
