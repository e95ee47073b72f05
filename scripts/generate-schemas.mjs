#!/usr/bin/env node
// Writes the generated artifacts (JSON Schemas, the default policy file) from their source of
// truth in shared/. With --check it writes nothing and exits 1 when a committed copy has drifted.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_POLICY_YAML, publishedSchemas } from '../shared/dist/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

const artifacts = Object.entries(publishedSchemas()).map(([name, schema]) => [
  join('shared', 'schemas', name),
  `${JSON.stringify(schema, null, 2)}\n`,
]);
artifacts.push([join('docs', 'policy', 'default-policy.yaml'), DEFAULT_POLICY_YAML]);

function readIfPresent(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

let drifted = 0;
for (const [relative, content] of artifacts) {
  const path = join(root, relative);
  if (check) {
    if (readIfPresent(path) !== content) {
      drifted++;
      console.error(`drift: ${relative} is not what shared/ generates; run "npm run schemas" and commit`);
    }
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    console.log(`wrote ${relative}`);
  }
}
if (check && drifted === 0) console.log(`schemas: ${artifacts.length} generated artifacts up to date`);
process.exitCode = drifted > 0 ? 1 : 0;
