// Property-based tests of every disk-encryption reader (Linux, macOS, Windows): see docs/fuzzing.md.
import { VolumeSchema } from '@vigil/shared';
import { describe, expect, it } from 'vitest';
import { fixtures } from '../__fixtures__/fuzz-inputs.js';
import { fuzzJsonParser, fuzzParser } from '../__fixtures__/fuzz-parser.js';
import { dataVolumes, parseApfsList, parseDiskutilInfo } from './parse-apfs.js';
import { parseBitLocker } from './parse-bitlocker.js';
import { luksMethodFromBlkid, parseBlkid } from './parse-blkid.js';
import { classifyDmTable, classifyDmUuid, parseDmsetupTable } from './parse-dm.js';
import { parseFdesetupStatus } from './parse-fdesetup.js';
import { parseLsblk } from './parse-lsblk.js';
import { parseMountinfo, parseSwaps } from './parse-mounts.js';
import { parseUevent, type BlockNode } from './topology.js';

const read = (names: string[]) => fixtures(import.meta.url, names);

fuzzParser('diskutil apfs list -plist', {
  samples: read(['apfs-list.apple-silicon-14-filevault-on.plist', 'apfs-list.intel-t2-13-encrypting-external.plist']),
  parse: parseApfsList,
  check: (containers) => {
    for (const volume of containers?.flatMap((c) => c.volumes) ?? []) {
      expect(typeof volume.device).toBe('string');
      expect([true, false, null]).toContain(volume.fileVault);
    }
  },
  // Every data volume of the startup disk protected by FileVault and not converting.
  passes: (containers) => {
    const data = containers ? dataVolumes(containers) : [];
    return data.length > 0 && data.every((v) => v.fileVault === true && !v.converting);
  },
  hostile: ['<dict>', '<!DOCTYPE'],
});

fuzzParser('diskutil info -plist', {
  samples: read(['diskutil-info-data.apple-silicon-14.plist', 'diskutil-info-data.intel-t2-13.plist']),
  parse: parseDiskutilInfo,
  check: (info) => expect(info === null || typeof info.device === 'string').toBe(true),
});

fuzzJsonParser('BitLocker script answer', {
  samples: read([
    'ps-bitlocker.access-denied.json',
    'ps-bitlocker.win10-converting-strings.json',
    'ps-bitlocker.win11-device-encryption-waiting.json',
    'ps-bitlocker.win11-on-removable.json',
    'ps-bitlocker.wmi-fallback.json',
  ]),
  parse: parseBitLocker,
  check: (reading) => {
    for (const volume of reading?.volumes ?? []) expect(VolumeSchema.safeParse(volume).error).toBeUndefined();
  },
  passes: (reading) => !!reading && reading.volumes.length > 0 && reading.volumes.every((v) => v.state === 'encrypted'),
});

fuzzParser('blkid -p', {
  samples: read(['blkid-p.ext4.txt', 'blkid-p.luks1.txt', 'blkid-p.luks2.txt', 'blkid.eperm.stderr.txt']),
  parse: (text) => luksMethodFromBlkid(parseBlkid(text)),
  passes: (method) => method !== null,
  hostile: ['A="', 'A="\\', '\\"'],
});

const layerOf = (tables: Map<string, ReturnType<typeof parseDmsetupTable> extends Map<string, infer T> ? T : never>) =>
  [...tables.values()].map((targets) => classifyDmTable(targets));

fuzzParser('dmsetup table', {
  samples: read([
    'dmsetup-table.fedora-luks-btrfs.txt',
    'dmsetup-table.ubuntu-luks-lvm.txt',
    'dmsetup-table.variants.txt',
    'dmsetup-table.no-dm.stderr.txt',
  ]),
  parse: (text) => layerOf(parseDmsetupTable(text)),
  passes: (layers) => layers.some((layer) => layer.kind === 'crypt'),
});

fuzzParser('/sys/block/dm-N/dm/uuid', {
  samples: read([
    'dm-uuid.fedora-luks2.txt',
    'dm-uuid.luks1.txt',
    'dm-uuid.luks2-integrity-subdev.txt',
    'dm-uuid.lvm.txt',
    'dm-uuid.plain-swap.txt',
    'dm-uuid.ubuntu-luks2.txt',
    'dm-uuid.verity.txt',
  ]),
  parse: classifyDmUuid,
  passes: (layer) => layer.kind === 'crypt',
});

fuzzParser('fdesetup status', {
  samples: read([
    'fdesetup.decrypting.txt',
    'fdesetup.deferred.txt',
    'fdesetup.encrypting.txt',
    'fdesetup.off.txt',
    'fdesetup.on-institutional-key.txt',
    'fdesetup.on.txt',
  ]),
  parse: parseFdesetupStatus,
  check: (status) => {
    const percent = status?.converting?.percent;
    if (percent !== undefined && percent !== null) expect(percent >= 0 && percent <= 100).toBe(true);
  },
  passes: (status) => status?.on === true,
});

const nodes = (node: BlockNode): BlockNode[] => [node, ...node.slaves.flatMap(nodes)];
fuzzParser('lsblk -J -s', {
  samples: read([
    'lsblk-s.debian-12-vm-no-udev.json',
    'lsblk-s.rhel8-xfs-on-luks.json',
    'lsblk-s.ubuntu-luks-lvm-no-udev.json',
    'lsblk-s.ubuntu-luks-lvm.json',
  ]),
  parse: parseLsblk,
  check: (stacks) => {
    for (const node of stacks?.flatMap(nodes) ?? []) expect(node.kname.length).toBeGreaterThan(0);
  },
});

fuzzParser('/proc/self/mountinfo', {
  samples: read([
    'mountinfo.debian-12-vm.txt',
    'mountinfo.fedora-40-workstation.txt',
    'mountinfo.ubuntu-22.04-laptop.txt',
  ]),
  parse: parseMountinfo,
  check: (entries) => {
    for (const entry of entries) expect(entry.fstype.length).toBeGreaterThan(0);
  },
  hostile: ['\\040', '- '],
});

fuzzParser('/proc/swaps', {
  samples: read([
    'swaps.empty.txt',
    'swaps.fedora-40-zram.txt',
    'swaps.swapfile-and-partition.txt',
    'swaps.ubuntu-22.04-laptop.txt',
  ]),
  parse: parseSwaps,
});

fuzzParser('sysfs uevent', { samples: read(['sysfs.vda.uevent.txt']), parse: parseUevent });

describe('disk-encryption readers: regressions found by fuzzing', () => {
  it('BitLocker: an answer without the system volume is unreadable, not "all encrypted"', () => {
    const [converting = ''] = read(['ps-bitlocker.win10-converting-strings.json']);
    const answer = JSON.parse(converting) as { volumes: Array<Record<string, unknown>> };
    // The counterexample: C: lost its mountPoint, D: had none, F: (locked) remained.
    const damaged = {
      ...answer,
      volumes: answer.volumes.map((v, i) =>
        i === 0 ? { ...v, mountPoint: undefined } : i === 1 ? { ...v, mountPoint: null } : v,
      ),
    };
    expect(parseBitLocker(answer)?.volumes.map((v) => v.state)).toEqual(['encrypting', 'decrypting', 'encrypted']);
    expect(parseBitLocker(damaged)).toBeNull();
  });

  it('APFS: a volume without its conversion flag has an unknown FileVault state', () => {
    const [intel = ''] = read(['apfs-list.intel-t2-13-encrypting-external.plist']);
    const data = (xml: string) => dataVolumes(parseApfsList(xml) ?? []).find((v) => v.roles.includes('Data'));
    expect(data(intel)).toMatchObject({ fileVault: true, converting: true });
    const garbled = intel.replace(
      '<key>CryptoMigrationOn</key>\n\t\t\t\t\t<true/>',
      '<key>Crypto"MigrationOn</key>\n\t\t\t\t\t<true/>',
    );
    expect(garbled).not.toBe(intel);
    expect(data(garbled)).toMatchObject({ fileVault: null });
  });
});
