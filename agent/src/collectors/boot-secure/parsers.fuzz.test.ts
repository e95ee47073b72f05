// Property-based tests of every Secure Boot reader (Linux, macOS, Windows): see docs/fuzzing.md.
import { expect } from 'vitest';
import { fixtures } from '../__fixtures__/fuzz-inputs.js';
import { fuzzJsonParser, fuzzParser } from '../__fixtures__/fuzz-parser.js';
import { efiVarByte, parseMokutilSbState } from './parse-efivar.js';
import { parseIBridge } from './parse-ibridge.js';
import { parseWin32SecureBoot } from './parse-win32-secure-boot.js';

const read = (names: string[]) => fixtures(import.meta.url, names);

fuzzParser('efivarfs one-byte variable', {
  samples: read([
    'efivar-SecureBoot.off.bin',
    'efivar-SetupMode.user.bin',
    'efivar-SecureBoot.on.bin',
    'efivar-SetupMode.setup.bin',
    'efivar-MokSBStateRT.disabled-validation.bin',
  ]),
  parse: efiVarByte,
  check: (byte) => expect(byte === null || (Number.isInteger(byte) && byte >= 0 && byte <= 0xffff)).toBe(true),
  passes: (byte) => byte === 1,
});

fuzzParser('mokutil --sb-state', {
  samples: read([
    'mokutil-sb-state.disabled.txt',
    'mokutil-sb-state.no-efivars.stderr.txt',
    'mokutil-sb-state.setup-mode.txt',
    'mokutil-sb-state.unsupported.txt',
    'mokutil-sb-state.enabled.txt',
    'mokutil-sb-state.shim-validation-off.txt',
  ]),
  parse: parseMokutilSbState,
  // The first line carries the state; setup mode and shim validation are lines of their own, and
  // output cut before them is exactly what mokutil prints when they are not set.
  passes: (state) => state?.kind === 'state' && state.enabled,
});

fuzzParser('system_profiler SPiBridgeDataType', {
  samples: read([
    'sp-ibridge.apple-silicon-reduced.json',
    'sp-ibridge.intel-no-t2.json',
    'sp-ibridge.intel-t2-medium.json',
    'sp-ibridge.localized-fr.json',
    'sp-ibridge.apple-silicon-full.json',
  ]),
  parse: parseIBridge,
  passes: (bridge) => bridge?.controller?.level === 'full',
  hostile: ['[', '{"SPiBridgeDataType":['],
});

fuzzJsonParser('Secure Boot script answer', {
  samples: read([
    'ps-secure-boot.bios.json',
    'ps-secure-boot.off.json',
    'ps-secure-boot.not-admin.json',
    'ps-secure-boot.on.json',
  ]),
  parse: parseWin32SecureBoot,
  passes: (reading) => reading !== null && 'enabled' in reading && reading.enabled,
});
