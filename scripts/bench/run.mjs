#!/usr/bin/env node
// `npm run bench [-- NAME… [--option value…]]`: runs the benchmarks (collect, agent, ingest,
// gateway; soak only when named), prints each figure next to its same-run baseline as a ratio,
// and writes bench-results.json and bench-results.md. Machines here are shared and noisy: read
// ratios, not absolute numbers.
import { existsSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { formatTable } from './format.mjs';

const ALL = ['collect', 'agent', 'ingest', 'gateway'];
// Run only when named: the soak takes minutes (`npm run bench -- soak --minutes 10`).
const OPT_IN = ['soak'];
const { requested, options } = splitArgs(process.argv.slice(2));
const unknown = requested.filter((n) => !ALL.includes(n) && !OPT_IN.includes(n));
if (unknown.length > 0) {
  console.error(`bench: unknown benchmark(s): ${unknown.join(', ')}; known: ${[...ALL, ...OPT_IN].join(', ')}`);
  process.exit(2);
}
const names = requested.length > 0 ? requested : ALL;
const machine = {
  cpus: cpus().length,
  model: cpus()[0]?.model ?? 'unknown',
  node: process.version,
  platform: process.platform,
};
const results = [];
for (const name of names) {
  const file = fileURLToPath(new URL(`./${name}.mjs`, import.meta.url));
  if (!existsSync(file)) {
    console.error(`bench: ${name}: not available yet (${file} missing)`);
    process.exitCode = 1;
    continue;
  }
  console.error(`bench: running ${name}…`);
  const started = Date.now();
  try {
    const { run } = await import(file);
    const result = await run({ ...options, log: (line) => console.error(`  ${line}`) });
    results.push({ ...result, seconds: (Date.now() - started) / 1000 });
    if (result.failed) process.exitCode = 1;
  } catch (error) {
    console.error(`bench: ${name} failed: ${error instanceof Error ? error.stack : error}`);
    results.push({ name, error: String(error), figures: [] });
    process.exitCode = 1;
  }
}
const report = { at: new Date().toISOString(), machine, results };
writeFileSync('bench-results.json', `${JSON.stringify(report, null, 2)}\n`);
const markdown = formatTable(report);
writeFileSync('bench-results.md', markdown);
console.log(markdown);

/** Benchmark names, then `--some-option value` pairs handed to every benchmark as {someOption}. */
function splitArgs(args) {
  const requested = [];
  const options = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      requested.push(arg);
      continue;
    }
    const key = arg.slice(2).replace(/-([a-z])/g, (_m, c) => c.toUpperCase());
    const next = args[i + 1];
    const value = next === undefined || next.startsWith('--') ? true : (i++, next);
    options[key] = typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  return { requested, options };
}
