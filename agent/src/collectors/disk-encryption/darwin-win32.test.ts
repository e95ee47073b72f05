import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createReplayIO, type DeviceScenario } from '../__fixtures__/replay-io.js';
import { collectDiskEncryptionDarwin } from './darwin.js';
import { dataVolumes, parseApfsList, parseDiskutilInfo } from './parse-apfs.js';
import { parseBitLocker } from './parse-bitlocker.js';
import { parseFdesetupStatus } from './parse-fdesetup.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('parseFdesetupStatus', () => {
  it.each([
    ['fdesetup.on.txt', { on: true, converting: null, deferred: false }],
    ['fdesetup.on-institutional-key.txt', { on: true, converting: null, deferred: false }],
    ['fdesetup.off.txt', { on: false, converting: null, deferred: false }],
    ['fdesetup.encrypting.txt', { on: true, converting: { direction: 'encrypting', percent: 42.5 }, deferred: false }],
    [
      'fdesetup.decrypting.txt',
      { on: false, converting: { direction: 'decrypting', percent: 57.61 }, deferred: false },
    ],
    ['fdesetup.deferred.txt', { on: false, converting: null, deferred: true }],
  ])('%s', (name, expected) => {
    expect(parseFdesetupStatus(fixture(name))).toMatchObject(expected);
  });
  it('leaves the user name of deferred enablement out of the detail', () => {
    expect(parseFdesetupStatus(fixture('fdesetup.deferred.txt'))?.detail).not.toContain('jappleseed');
    expect(parseFdesetupStatus('Error: not root')).toBeNull();
  });
});

describe('diskutil plists', () => {
  it('lists the data volumes of startup disks only, with their FileVault flag (not Encryption)', () => {
    const silicon = parseApfsList(fixture('apfs-list.apple-silicon-14-filevault-on.plist'));
    expect(dataVolumes(silicon ?? []).map((v) => [v.device, v.name, v.fileVault, v.converting])).toEqual([
      ['disk3s5', 'Macintosh HD - Data', true, false],
      ['disk3s7', 'Projects', true, false],
    ]);
    const intel = parseApfsList(fixture('apfs-list.intel-t2-13-encrypting-external.plist'));
    expect(intel?.map((c) => c.reference)).toEqual(['disk1', 'disk3']);
    expect(dataVolumes(intel ?? []).map((v) => [v.device, v.converting])).toEqual([['disk1s2', true]]);
    expect(parseDiskutilInfo(fixture('diskutil-info-data.apple-silicon-14.plist'))).toEqual({
      device: 'disk3s5',
      mountPoint: '/System/Volumes/Data',
    });
    expect(parseApfsList('Could not find disk')).toBeNull();
  });
});

describe('collectDiskEncryptionDarwin', () => {
  const scenario = (commands: DeviceScenario['commands']): DeviceScenario => ({
    name: 'd',
    platform: 'darwin',
    now: '2024-11-07T09:00:00.000Z',
    commands,
    missingTools: [],
    files: {},
    dirs: {},
    stats: {},
  });
  it('judges the booted volume by fdesetup alone when diskutil cannot be read, and never passes a decryption', async () => {
    const { io } = createReplayIO(
      scenario({
        'fdesetup status': { stdout: fixture('fdesetup.decrypting.txt') },
        'diskutil apfs list -plist': { error: 'VIGIL_EXEC_TIMEOUT' },
        'diskutil info -plist /System/Volumes/Data': {
          stderr: fixture('diskutil-info-data.not-found.txt'),
          exitCode: 1,
        },
      }),
    );
    const observation = await collectDiskEncryptionDarwin(io);
    expect(observation).toMatchObject({
      state: 'ok',
      value: { volumes: [{ mountpoint: '/', state: 'decrypting', percent: 57.61 }] },
    });
  });
  it('reports deferred enablement as not encrypted yet, and nothing readable as an error', async () => {
    const deferred = createReplayIO(
      scenario({
        'fdesetup status': { stdout: fixture('fdesetup.deferred.txt') },
        'diskutil apfs list -plist': {
          stdout: fixture('apfs-list.apple-silicon-14-filevault-on.plist').replaceAll('<true/>', '<false/>'),
        },
        'diskutil info -plist /System/Volumes/Data': { stdout: fixture('diskutil-info-data.apple-silicon-14.plist') },
      }),
    );
    const observation = await collectDiskEncryptionDarwin(deferred.io);
    if (observation.state !== 'ok') throw new Error(JSON.stringify(observation));
    expect(observation.value.volumes[0]).toMatchObject({
      state: 'unencrypted',
      detail: expect.stringContaining('deferred enablement'),
    });
    const none = createReplayIO(
      scenario({
        'fdesetup status': { error: 'VIGIL_EXEC_TIMEOUT' },
        'diskutil apfs list -plist': { error: 'VIGIL_EXEC_TIMEOUT' },
        'diskutil info -plist /System/Volumes/Data': { error: 'VIGIL_EXEC_TIMEOUT' },
      }),
    );
    expect(await collectDiskEncryptionDarwin(none.io)).toMatchObject({
      state: 'error',
      code: 'VIGIL_COLLECT_FILEVAULT_UNREADABLE',
    });
  });
});

describe('parseBitLocker', () => {
  const states = (name: string) =>
    parseBitLocker(JSON.parse(fixture(name)))?.volumes.map((v) => [v.mountpoint, v.state, v.percent]);
  it('maps enums given as numbers or as names, and leaves removable drives out', () => {
    expect(states('ps-bitlocker.win11-on-removable.json')).toEqual([
      ['C:', 'encrypted', undefined],
      ['D:', 'encrypted', undefined],
    ]);
    expect(parseBitLocker(JSON.parse(fixture('ps-bitlocker.win11-on-removable.json')))?.skipped).toEqual([
      'E: (removable)',
    ]);
    expect(states('ps-bitlocker.win10-converting-strings.json')).toEqual([
      ['C:', 'encrypting', 42],
      ['D:', 'decrypting', 13],
      ['F:', 'encrypted', undefined],
    ]);
    expect(states('ps-bitlocker.wmi-fallback.json')).toEqual([['C:', 'encrypted', undefined]]);
  });
  it('never counts a key stored in the clear as encrypted (suspended, or Device Encryption waiting for activation)', () => {
    const volume = parseBitLocker(JSON.parse(fixture('ps-bitlocker.win11-device-encryption-waiting.json')))?.volumes[0];
    expect(volume).toMatchObject({ state: 'suspended', detail: expect.stringContaining('waiting for activation') });
  });
  it('reads paused conversions as conversions and unknown statuses as unknown', () => {
    const volume = (status: unknown, protection: unknown = 0) =>
      parseBitLocker({
        volumes: [
          { mountPoint: 'C:', volumeType: 0, volumeStatus: status, protectionStatus: protection, driveType: 3 },
        ],
      })?.volumes[0]?.state;
    expect([
      volume(4),
      volume('EncryptionPaused'),
      volume(5),
      volume('DecryptionSuspended'),
      volume(99),
      volume(1, 2),
    ]).toEqual(['encrypting', 'encrypting', 'decrypting', 'decrypting', 'unknown', 'unknown']);
    expect(parseBitLocker({ nothing: true })).toBeNull();
  });
});
