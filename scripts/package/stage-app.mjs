#!/usr/bin/env node
// Stages the agent's app folder (see app-folder.mjs) into --dest, for the macOS and Windows
// builds, which add their own Node.js runtime around it. Run on the target OS/arch after
// `npm ci && npm run build`, so the better-sqlite3 addon is built for that platform.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { smokeTestAppFolder, stageAppFolder } from './app-folder.mjs';

const { values } = parseArgs({ options: { dest: { type: 'string' } } });
if (!values.dest) {
  console.error('usage: node scripts/package/stage-app.mjs --dest DIR');
  process.exit(2);
}
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const dest = resolve(values.dest);
const { packages } = stageAppFolder({ root, dest });
console.log(`staged vigil ${smokeTestAppFolder(dest)} (${packages} npm packages) in ${dest}`);
