#!/usr/bin/env node
// `npm run package:linux`: builds dist/packages/vigil-agent_<v>_<arch>.deb and
// vigil-agent-<v>.<arch>.rpm from the built workspace (run `npm run build` first). Options:
//   --out DIR   where the packages go (default dist/packages)
//   --no-rpm    skip the .rpm (rpmbuild not installed)
import { rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { smokeTestAppFolder } from './app-folder.mjs';
import { buildDeb } from './build-deb.mjs';
import { buildRpm } from './build-rpm.mjs';
import { LINUX_FILES, stageLinuxTree } from './linux-tree.mjs';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const { values } = parseArgs({ options: { out: { type: 'string' }, 'no-rpm': { type: 'boolean', default: false } } });
const outDir = resolve(values.out ?? join(root, 'dist', 'packages'));
const work = join(outDir, '.work');
const mib = (file) => `${(statSync(file).size / 1024 / 1024).toFixed(1)} MiB`;

const started = performance.now();
const tree = join(work, 'root');
const app = stageLinuxTree({ root, dest: tree });
const version = smokeTestAppFolder(join(tree, LINUX_FILES.app));
console.log(
  `staged vigil ${version} with ${app.packages} npm packages in ${Math.round(performance.now() - started)} ms`,
);

// The rpm is built first: dpkg-deb needs DEBIAN/ inside the tree, rpm must not package it.
const rpm = values['no-rpm'] ? null : buildRpm({ tree, root, version, outDir, workDir: join(work, 'rpmbuild') });
if (rpm) console.log(`built ${rpm} (${mib(rpm)})`);
const deb = buildDeb({ tree, root, version, outDir });
console.log(`built ${deb} (${mib(deb)})`);
rmSync(work, { recursive: true, force: true });
console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
