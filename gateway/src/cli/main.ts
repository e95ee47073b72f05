#!/usr/bin/env node
/** The `vigil-gateway` executable: the only place that touches process signals and the exit code. */
import { readFileSync } from 'node:fs';
import { runCli } from './run-cli.js';

const stopRequested = new Promise<void>((resolve) => {
  process.once('SIGINT', () => resolve());
  process.once('SIGTERM', () => resolve());
});

process.exitCode = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  stopRequested,
  readStdin: () => readFileSync(0, 'utf8'),
});
