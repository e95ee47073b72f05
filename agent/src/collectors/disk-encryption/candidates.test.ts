import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mountHolding, selectMounts, selectSwaps } from './candidates.js';
import { parseMountinfo, parseSwaps } from './parse-mounts.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('selectMounts', () => {
  it('keeps local fixed filesystems only (no snaps, tmpfs, FUSE, NFS)', () => {
    const selected = selectMounts(parseMountinfo(fixture('mountinfo.ubuntu-22.04-laptop.txt')));
    // The USB stick is still a candidate here: removable media are dropped once sysfs is read.
    expect(selected.map((c) => c.mountpoint)).toEqual(['/', '/boot', '/boot/efi', '/media/alice/KINGSTON']);
  });

  it('one volume per device: btrfs subvolumes and bind mounts keep the shortest mountpoint', () => {
    const selected = selectMounts(parseMountinfo(fixture('mountinfo.fedora-40-workstation.txt')));
    expect(selected.map((c) => c.mountpoint)).toEqual(['/', '/boot', '/boot/efi']);
    expect(selected[0]).toMatchObject({
      device: '/dev/mapper/luks-6c1f5a2e-9b7d-4c3a-8e0f-1d2c3b4a5968',
      refs: [{ kind: 'path' }],
    });
  });

  it('names a ZFS pool as an opaque volume', () => {
    const mounts = parseMountinfo(
      '30 1 0:45 / / rw shared:1 - zfs rpool/ROOT/ubuntu_x1y2z3 rw,xattr,posixacl\n31 30 0:46 / /home rw shared:2 - zfs rpool/USERDATA/home rw\n',
    );
    expect(selectMounts(mounts)).toEqual([
      { role: 'filesystem', mountpoint: '/', device: 'rpool', opaque: expect.stringContaining('ZFS') },
    ]);
  });
});

describe('selectSwaps', () => {
  const mounts = parseMountinfo(fixture('mountinfo.debian-12-vm.txt'));

  it('excludes zram (compressed RAM, never persistent)', () => {
    expect(selectSwaps(parseSwaps(fixture('swaps.fedora-40-zram.txt')), mounts)).toEqual([]);
  });

  it('maps a swap file to the filesystem holding it', () => {
    expect(selectSwaps(parseSwaps(fixture('swaps.swapfile-and-partition.txt')), mounts)).toEqual([
      {
        role: 'swap',
        device: '/swap file.img',
        hostMountpoint: '/',
        refs: [
          { kind: 'majorMinor', value: '254:0' },
          { kind: 'path', value: '/dev/vda' },
        ],
      },
      { role: 'swap', device: '/dev/sda3', refs: [{ kind: 'path', value: '/dev/sda3' }] },
    ]);
  });

  it('finds the deepest mount holding a path', () => {
    const laptop = parseMountinfo(fixture('mountinfo.ubuntu-22.04-laptop.txt'));
    expect(mountHolding('/boot/efi/EFI/ubuntu/shimx64.efi', laptop)?.mountpoint).toBe('/boot/efi');
    expect(mountHolding('/bootstrap', laptop)?.mountpoint).toBe('/');
  });
});
