// Property-based tests of the TPM readers (Linux sysfs, Windows): see docs/fuzzing.md.
import { DeviceTpmValueSchema } from '@vigil/shared';
import { expect } from 'vitest';
import { fixtures } from '../__fixtures__/fuzz-inputs.js';
import { fuzzJsonParser, fuzzParser } from '../__fixtures__/fuzz-parser.js';
import { tpmVersionFromMajor } from './linux.js';
import { parseWin32Tpm } from './parse-win32-tpm.js';

const read = (names: string[]) => fixtures(import.meta.url, names);

fuzzParser('/sys/class/tpm/tpm0/tpm_version_major', {
  samples: read(['tpm_version_major.1.txt', 'tpm_version_major.2.txt', 'tpm-caps.infineon-1.2.txt']),
  parse: tpmVersionFromMajor,
});

fuzzJsonParser('TPM script answer', {
  samples: read([
    'ps-tpm.absent.json',
    'ps-tpm.not-admin.json',
    'ps-tpm.tpm12-not-ready.json',
    'ps-tpm.tpm20-ready.json',
  ]),
  parse: parseWin32Tpm,
  check: (reading) => {
    if (reading && 'value' in reading) expect(DeviceTpmValueSchema.safeParse(reading.value).error).toBeUndefined();
  },
  passes: (reading) => !!reading && 'value' in reading && reading.value.present && reading.value.ready === true,
});
