import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createReplayIO, type DeviceScenario } from '../__fixtures__/replay-io.js';
import { collectBootSecureLinux } from './linux.js';
import { efiVarByte, parseMokutilSbState } from './parse-efivar.js';
import { parseIBridge } from './parse-ibridge.js';
import { parseWin32SecureBoot } from './parse-win32-secure-boot.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const NOT_FOUND = { error: 'VIGIL_IO_NOT_FOUND' } as const;
const VARS = '/sys/firmware/efi/efivars';
const SB = `${VARS}/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c`;
const SETUP = `${VARS}/SetupMode-8be4df61-93ca-11d2-aa0d-00e098032b8c`;
const MOK = `${VARS}/MokSBStateRT-605dab50-e046-4300-abb6-3dd810dd8b23`;
const UEFI = { '/sys/firmware/efi': { mtime: '2024-11-07T06:00:00.000Z', isDirectory: true } };

async function collect(overrides: Partial<DeviceScenario>) {
  const replay = createReplayIO({
    name: 'sb',
    now: '2024-11-07T09:00:00.000Z',
    commands: {},
    missingTools: [],
    files: {},
    dirs: {},
    stats: UEFI,
    ...overrides,
  });
  const observation = await collectBootSecureLinux(replay.io);
  expect(replay.unexpected).toEqual([]);
  return observation;
}

describe('boot.secure on Linux', () => {
  it('is unsupported on a legacy BIOS boot (no /sys/firmware/efi)', async () => {
    expect(await collect({ stats: { '/sys/firmware/efi': NOT_FOUND } })).toMatchObject({
      state: 'unsupported',
      reason: expect.stringContaining('legacy BIOS'),
    });
  });
  it('reads the efivars: on, off, setup mode, shim validation disabled', async () => {
    const vars = (sb: string, setup: string, mok: string | typeof NOT_FOUND = NOT_FOUND) => ({
      [SB]: fixture(sb),
      [SETUP]: fixture(setup),
      [MOK]: typeof mok === 'string' ? fixture(mok) : mok,
    });
    expect(await collect({ files: vars('efivar-SecureBoot.on.bin', 'efivar-SetupMode.user.bin') })).toMatchObject({
      state: 'ok',
      value: { enabled: true, setupMode: false },
    });
    expect(await collect({ files: vars('efivar-SecureBoot.off.bin', 'efivar-SetupMode.user.bin') })).toMatchObject({
      state: 'ok',
      value: { enabled: false },
    });
    expect(await collect({ files: vars('efivar-SecureBoot.off.bin', 'efivar-SetupMode.setup.bin') })).toMatchObject({
      state: 'ok',
      value: { enabled: false, setupMode: true },
    });
    expect(
      await collect({
        files: vars(
          'efivar-SecureBoot.on.bin',
          'efivar-SetupMode.user.bin',
          'efivar-MokSBStateRT.disabled-validation.bin',
        ),
      }),
    ).toMatchObject({
      state: 'ok',
      value: { enabled: false, detail: expect.stringContaining('shim validation disabled') },
    });
  });
  it('falls back to mokutil when efivarfs is not mounted, and is an error (never unsupported) when nothing answers', async () => {
    const unmounted = {
      files: { [SB]: NOT_FOUND, [SETUP]: NOT_FOUND, [MOK]: NOT_FOUND },
      dirs: { [VARS]: [] as string[] },
    };
    expect(
      await collect({
        ...unmounted,
        commands: { 'mokutil --sb-state': { stdout: fixture('mokutil-sb-state.enabled.txt') } },
      }),
    ).toMatchObject({ state: 'ok', value: { enabled: true } });
    expect(
      await collect({
        ...unmounted,
        commands: {
          'mokutil --sb-state': { stderr: fixture('mokutil-sb-state.no-efivars.stderr.txt'), exitCode: 255 },
        },
      }),
    ).toMatchObject({
      state: 'error',
      code: 'VIGIL_COLLECT_EFIVARS_UNREADABLE',
    });
    expect(await collect({ ...unmounted, missingTools: ['mokutil'] })).toMatchObject({ state: 'error' });
  });
  it('is unsupported when the firmware has variables but no SecureBoot variable', async () => {
    const files = { [SB]: NOT_FOUND, [SETUP]: NOT_FOUND, [MOK]: NOT_FOUND };
    expect(await collect({ files, dirs: { [VARS]: ['Boot0000-8be4df61-93ca-11d2-aa0d-00e098032b8c'] } })).toMatchObject(
      { state: 'unsupported' },
    );
  });
  it('parses efivar bytes and mokutil', () => {
    expect([efiVarByte('\x06\x00\x00\x00\x01'), efiVarByte('\x06\x00\x00\x00'), efiVarByte('')]).toEqual([
      1,
      null,
      null,
    ]);
    expect(parseMokutilSbState(fixture('mokutil-sb-state.setup-mode.txt'))).toEqual({
      kind: 'state',
      enabled: false,
      setupMode: true,
      shimValidation: true,
    });
    expect(parseMokutilSbState(fixture('mokutil-sb-state.shim-validation-off.txt'))).toMatchObject({
      enabled: true,
      shimValidation: false,
    });
    expect(parseMokutilSbState(fixture('mokutil-sb-state.unsupported.txt'))).toEqual({ kind: 'no-secure-boot' });
    expect(parseMokutilSbState(fixture('mokutil-sb-state.disabled.txt'))).toMatchObject({ enabled: false });
  });
});

describe('boot.secure on macOS and Windows', () => {
  it("maps Apple's English levels only; localized words stay unknown", () => {
    expect(parseIBridge(fixture('sp-ibridge.apple-silicon-full.json'))?.controller).toMatchObject({ level: 'full' });
    expect(parseIBridge(fixture('sp-ibridge.apple-silicon-reduced.json'))?.controller).toMatchObject({
      level: 'reduced',
    });
    expect(parseIBridge(fixture('sp-ibridge.intel-t2-medium.json'))?.controller).toMatchObject({
      level: 'medium',
      model: 'Apple T2 Security Chip',
    });
    expect(parseIBridge(fixture('sp-ibridge.localized-fr.json'))?.controller).toMatchObject({
      level: null,
      secureBoot: 'Sécurité maximale',
    });
    expect(parseIBridge(fixture('sp-ibridge.intel-no-t2.json'))).toEqual({ controller: null });
    expect(parseIBridge('not json')).toBeNull();
  });
  it('reads Confirm-SecureBootUEFI, the registry without administrator rights, and BIOS boots', () => {
    const parse = (name: string) => parseWin32SecureBoot(JSON.parse(fixture(name)));
    expect(parse('ps-secure-boot.on.json')).toMatchObject({ enabled: true });
    expect(parse('ps-secure-boot.off.json')).toMatchObject({ enabled: false });
    expect(parse('ps-secure-boot.bios.json')).toEqual({ bios: true });
    expect(parse('ps-secure-boot.not-admin.json')).toMatchObject({
      enabled: true,
      detail: expect.stringContaining('registry'),
    });
    expect(
      parseWin32SecureBoot({ confirm: { vigilError: 'System.UnauthorizedAccessException' }, registry: null }),
    ).toMatchObject({ unreadable: expect.any(String) });
  });
});
