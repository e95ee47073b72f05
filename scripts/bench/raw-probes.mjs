#!/usr/bin/env node
// Baseline for `npm run bench -- collect`: runs the exact commands and file reads that the
// collectors made, all at once, with nothing of Vigil loaded. Input: a JSON file path (argv[2])
// holding {commands: [[path, ...args]], files: [path]}.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';

const plan = JSON.parse(await readFile(process.argv[2], 'utf8'));
const env = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C', LANG: 'C' };
await Promise.all([
  ...plan.commands.map(
    ([path, ...args]) => new Promise((resolve) => execFile(path, args, { env, maxBuffer: 8 << 20 }, () => resolve())),
  ),
  ...plan.files.map((path) => readFile(path).catch(() => null)),
]);
