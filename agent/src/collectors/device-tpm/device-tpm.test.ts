import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createReplayIO, type DeviceScenario } from '../__fixtures__/replay-io.js';
import { collectDeviceTpmDarwin } from './darwin.js';
import { collectDeviceTpmLinux } from './linux.js';
import { parseWin32Tpm } from './parse-win32-tpm.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const ibridge = (name: string) => readFileSync(new URL(`../boot-secure/__fixtures__/${name}`, import.meta.url), 'utf8');
const NOT_FOUND = { error: 'VIGIL_IO_NOT_FOUND' } as const;

async function collect(collector: typeof collectDeviceTpmLinux, overrides: Partial<DeviceScenario>) {
  const replay = createReplayIO({
    name: 'tpm',
    now: '2024-11-07T09:00:00.000Z',
    commands: {},
    missingTools: [],
    files: {},
    dirs: {},
    stats: {},
    ...overrides,
  });
  const observation = await collector(replay.io);
  expect(replay.unexpected).toEqual([]);
  return observation;
}

describe('device.tpm on Linux', () => {
  it('reports an absent TPM as a fact, not an error', async () => {
    expect(await collect(collectDeviceTpmLinux, { dirs: { '/sys/class/tpm': NOT_FOUND } })).toMatchObject({
      state: 'ok',
      value: { present: false, version: null },
    });
    expect(await collect(collectDeviceTpmLinux, { dirs: { '/sys/class/tpm': [] } })).toMatchObject({
      state: 'ok',
      value: { present: false },
    });
  });
  it('reads the version, with the pre-5.6 kernel fallbacks', async () => {
    const dirs = { '/sys/class/tpm': ['tpm0'] };
    expect(
      await collect(collectDeviceTpmLinux, {
        dirs,
        files: { '/sys/class/tpm/tpm0/tpm_version_major': fixture('tpm_version_major.2.txt') },
      }),
    ).toMatchObject({ value: { present: true, version: '2.0' } });
    expect(
      await collect(collectDeviceTpmLinux, {
        dirs,
        files: {
          '/sys/class/tpm/tpm0/tpm_version_major': NOT_FOUND,
          '/sys/class/tpm/tpm0/device/caps': fixture('tpm-caps.infineon-1.2.txt'),
        },
      }),
    ).toMatchObject({ value: { present: true, version: '1.2' } });
    expect(
      await collect(collectDeviceTpmLinux, {
        dirs,
        files: {
          '/sys/class/tpm/tpm0/tpm_version_major': NOT_FOUND,
          '/sys/class/tpm/tpm0/device/caps': NOT_FOUND,
          '/sys/class/tpm/tpm0/caps': NOT_FOUND,
        },
        stats: { '/dev/tpmrm0': { mtime: '2024-11-07T06:00:00.000Z' } },
      }),
    ).toMatchObject({ value: { present: true, version: '2.0', detail: expect.stringContaining('/dev/tpmrm0') } });
  });
});

describe('device.tpm on macOS', () => {
  const run = (arch: string, bridge: string) =>
    collect(collectDeviceTpmDarwin, {
      platform: 'darwin',
      commands: {
        'uname -m': { stdout: arch },
        'system_profiler -json SPiBridgeDataType': { stdout: ibridge(bridge) },
      },
    });
  it('finds the Secure Enclave on Apple silicon and T2 Macs, and none on other Intel Macs', async () => {
    expect(await run('arm64\n', 'sp-ibridge.apple-silicon-full.json')).toMatchObject({
      value: { present: true, kind: 'secure-enclave' },
    });
    expect(await run('x86_64\n', 'sp-ibridge.intel-t2-medium.json')).toMatchObject({
      value: { present: true, detail: expect.stringContaining('T2') },
    });
    expect(await run('x86_64\n', 'sp-ibridge.intel-no-t2.json')).toMatchObject({ value: { present: false } });
  });
});

describe('device.tpm on Windows', () => {
  const parse = (name: string) => parseWin32Tpm(JSON.parse(fixture(name)));
  it('reads presence, readiness and the specification version', () => {
    expect(parse('ps-tpm.tpm20-ready.json')).toMatchObject({ value: { present: true, version: '2.0', ready: true } });
    expect(parse('ps-tpm.tpm12-not-ready.json')).toMatchObject({
      value: { present: true, version: '1.2', ready: false },
    });
    expect(parse('ps-tpm.absent.json')).toMatchObject({ value: { present: false, version: null, ready: null } });
    expect(parse('ps-tpm.not-admin.json')).toMatchObject({ denied: true });
  });
});
