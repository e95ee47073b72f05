#!/usr/bin/env node
// Writes the MDM artifacts from the agent's config schema (the one source of truth; run
// `npm run build` first): the macOS profile and Jamf schema, the ADMX/ADML templates and the
// settings reference. With --check it writes nothing and exits 1 when a committed copy drifted.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';
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

function readIfPresent(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

let drifted = 0;
for (const [relative, content] of ARTIFACTS) {
  const path = join(root, relative);
  if (check) {
    if (readIfPresent(path) !== content) {
      drifted++;
      console.error(`drift: ${relative} is not what the config schema generates; run "npm run mdm" and commit`);
    }
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    console.log(`wrote ${relative}`);
  }
}
if (check && drifted === 0) console.log(`mdm: ${ARTIFACTS.length} generated artifacts up to date`);
process.exitCode = drifted > 0 ? 1 : 0;
