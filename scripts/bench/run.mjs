#!/usr/bin/env node
// `npm run bench [-- NAME…]`: runs the benchmarks (collect, agent, ingest, gateway), prints each
// figure next to its same-run baseline as a ratio, and writes bench-results.json and
// bench-results.md. Machines here are shared and noisy: read ratios, not absolute numbers.
import { existsSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { formatTable } from './format.mjs';

const ALL = ['collect', 'agent', 'ingest', 'gateway'];
const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = requested.filter((n) => !ALL.includes(n));
if (unknown.length > 0) {
  console.error(`bench: unknown benchmark(s): ${unknown.join(', ')}; known: ${ALL.join(', ')}`);
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
    const result = await run({ log: (line) => console.error(`  ${line}`) });
    results.push({ ...result, seconds: (Date.now() - started) / 1000 });
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
