import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sysfs } from '../__fixtures__/devices/sysfs.js';
import { createReplayIO, type DeviceScenario } from '../__fixtures__/replay-io.js';
import { collectDiskEncryptionLinux } from './linux.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const SWAPS_HEADER = 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n';

/** / on an unlabelled dm mapping (dm-0, uuid "") over sda2. */
function opaqueRoot(commands: DeviceScenario['commands']): DeviceScenario {
  const blocks = sysfs();
  blocks.disk('sda', 8, 0);
  blocks.partition('sda2', 8, 2);
  blocks.dm('dm-0', 0, { uuid: '', name: 'root', slaves: ['sda2'] });
  return {
    name: 'opaque',
    now: '2024-10-07T09:00:00.000Z',
    missingTools: [],
    commands,
    files: {
      '/proc/self/mountinfo': '26 1 253:0 / / rw,relatime shared:1 - ext4 /dev/mapper/root rw\n',
      '/proc/swaps': SWAPS_HEADER,
      ...blocks.files,
    },
    dirs: blocks.dirs,
    stats: {},
  };
}

async function volumes(scenario: DeviceScenario) {
  const { io, unexpected } = createReplayIO(scenario);
  const observation = await collectDiskEncryptionLinux(io);
  expect(unexpected).toEqual([]);
  if (observation.state !== 'ok') throw new Error(JSON.stringify(observation));
  return observation.value.volumes;
}

describe('collectDiskEncryptionLinux fallbacks', () => {
  const dmsetupFails = { stderr: fixture('dmsetup-table.no-dm.stderr.txt'), exitCode: 1 };

  it('stays unknown when dmsetup, blkid and cryptsetup all fail (real errors of an unprivileged VM)', async () => {
    const [root] = await volumes(
      opaqueRoot({
        'dmsetup table': dmsetupFails,
        'blkid -p /dev/sda2': { stderr: fixture('blkid.eperm.stderr.txt'), exitCode: 2 },
        'cryptsetup isLuks /dev/sda2': { stderr: fixture('cryptsetup-isluks.denied.stderr.txt'), exitCode: 4 },
      }),
    );
    expect(root).toMatchObject({ mountpoint: '/', device: '/dev/mapper/root', state: 'unknown' });
  });

  it('finds LUKS under an unlabelled mapping with blkid -p, or with cryptsetup isLuks', async () => {
    const [byBlkid] = await volumes(
      opaqueRoot({ 'dmsetup table': dmsetupFails, 'blkid -p /dev/sda2': { stdout: fixture('blkid-p.luks2.txt') } }),
    );
    expect(byBlkid).toMatchObject({ state: 'encrypted', method: 'luks2' });
    const [byCryptsetup] = await volumes(
      opaqueRoot({
        'dmsetup table': dmsetupFails,
        'blkid -p /dev/sda2': { error: 'VIGIL_EXEC_NOT_FOUND' },
        'cryptsetup isLuks /dev/sda2': { exitCode: 0 },
      }),
    );
    expect(byCryptsetup).toMatchObject({ state: 'encrypted', method: 'luks' });
  });

  it('falls back to lsblk when sysfs cannot be read', async () => {
    const scenario: DeviceScenario = {
      name: 'no sysfs',
      now: '2024-10-07T09:00:00.000Z',
      missingTools: [],
      commands: {
        'lsblk -J -s -o NAME,KNAME,TYPE,FSTYPE,MOUNTPOINT,PKNAME /dev/dm-1': {
          stdout: JSON.stringify({
            blockdevices: [JSON.parse(fixture('lsblk-s.ubuntu-luks-lvm-no-udev.json')).blockdevices[0]],
          }),
        },
      },
      files: {
        '/proc/self/mountinfo': '30 1 253:1 / / rw,relatime shared:1 - ext4 /dev/dm-1 rw\n',
        '/proc/swaps': SWAPS_HEADER,
        '/sys/dev/block/253:1/uevent': { error: 'VIGIL_IO_PERMISSION_DENIED' },
        '/sys/class/block/dm-1/uevent': { error: 'VIGIL_IO_PERMISSION_DENIED' },
      },
      dirs: { '/sys/class/block/dm-1/slaves': { error: 'VIGIL_IO_PERMISSION_DENIED' } },
      stats: {},
    };
    const [root] = await volumes(scenario);
    expect(root).toMatchObject({ state: 'encrypted', method: 'dm-crypt', detail: expect.stringContaining('lsblk') });
  });

  it('judges a swap file by the filesystem that holds it', async () => {
    const blocks = sysfs();
    blocks.disk('vda', 254, 0);
    const all = await volumes({
      name: 'swapfile',
      now: '2024-10-07T09:00:00.000Z',
      missingTools: [],
      commands: {},
      files: {
        '/proc/self/mountinfo': fixture('mountinfo.debian-12-vm.txt'),
        '/proc/swaps': fixture('swaps.swapfile-and-partition.txt').split('\n').slice(0, 2).join('\n'),
        ...blocks.files,
      },
      dirs: blocks.dirs,
      stats: {},
    });
    expect(all.map((v) => [v.role, v.mountpoint, v.device, v.state])).toEqual([
      ['filesystem', '/', '/dev/vda', 'unencrypted'],
      ['swap', '[SWAP]', '/swap file.img', 'unencrypted'],
    ]);
    expect(all[1]?.detail).toMatch(/^swap file on \/: /);
  });
});

describe('collectDiskEncryptionLinux outcomes', () => {
  const base = { name: 'x', now: '2024-10-07T09:00:00.000Z', missingTools: [], commands: {}, dirs: {}, stats: {} };

  it('is unsupported when no local block filesystem is mounted (container on overlay)', async () => {
    const { io } = createReplayIO({
      ...base,
      files: {
        '/proc/self/mountinfo':
          '500 400 0:52 / / rw,relatime - overlay overlay rw,lowerdir=/l,upperdir=/u,workdir=/w\n',
        '/proc/swaps': SWAPS_HEADER,
      },
    });
    expect(await collectDiskEncryptionLinux(io)).toMatchObject({ state: 'unsupported' });
  });

  it('is an error when mountinfo cannot be read', async () => {
    const { io } = createReplayIO({
      ...base,
      files: { '/proc/self/mountinfo': { error: 'VIGIL_IO_PERMISSION_DENIED' }, '/proc/swaps': SWAPS_HEADER },
    });
    expect(await collectDiskEncryptionLinux(io)).toMatchObject({
      state: 'error',
      code: 'VIGIL_COLLECT_MOUNTS_UNREADABLE',
    });
  });
});
