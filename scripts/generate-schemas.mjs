#!/usr/bin/env node
// Writes the generated artifacts (JSON Schemas, the default policy file) from their source of
// truth in shared/. With --check it writes nothing and exits 1 when a committed copy has drifted.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_POLICY_YAML, publishedSchemas } from '../shared/dist/index.js';
import { writeOrCheckArtifacts } from './generated-artifacts.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

const artifacts = Object.entries(publishedSchemas()).map(([name, schema]) => [
  join('shared', 'schemas', name),
  `${JSON.stringify(schema, null, 2)}\n`,
]);
artifacts.push([join('docs', 'policy', 'default-policy.yaml'), DEFAULT_POLICY_YAML]);

process.exitCode = writeOrCheckArtifacts(root, artifacts, {
  check,
  label: 'schemas',
  source: 'shared/',
  regenerate: 'npm run schemas',
});
