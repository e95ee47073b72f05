#!/usr/bin/env node
// Writes the MDM artifacts from the agent's config schema (the one source of truth; run
// `npm run build` first): the macOS profile and Jamf schema, the ADMX/ADML templates and the
// settings reference. With --check it writes nothing and exits 1 when a committed copy drifted.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';
import { writeOrCheckArtifacts } from '../generated-artifacts.mjs';
import { admx, adml } from './mdm/admx.mjs';
import { jamfSchema, mobileconfig } from './mdm/mobileconfig.mjs';
import { settingsDoc } from './mdm/settings-doc.mjs';
import { manageableSettings } from './mdm/settings.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const check = process.argv.includes('--check');
const settings = manageableSettings();

// The JSON goes through prettier so `npm run lint` (prettier --check) agrees with the generator.
const jamf = await format(JSON.stringify(jamfSchema(settings)), {
  parser: 'json',
  ...JSON.parse(readFileSync(join(root, '.prettierrc.json'), 'utf8')),
});

export const ARTIFACTS = [
  ['installers/macos/vigil.mobileconfig', mobileconfig(settings)],
  ['installers/macos/dev.vigil.agent.jamf-schema.json', jamf],
  ['installers/windows/policy/vigil.admx', admx(settings)],
  ['installers/windows/policy/en-US/vigil.adml', adml(settings)],
  ['docs/deploy/managed-settings.md', settingsDoc(settings)],
];

process.exitCode = writeOrCheckArtifacts(root, ARTIFACTS, {
  check,
  label: 'mdm',
  source: 'the config schema',
  regenerate: 'npm run mdm',
});
