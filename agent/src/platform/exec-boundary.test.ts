/**
 * Only agent/src/platform/exec.ts may start processes: every command the agent runs then goes
 * through its allowlist, argv handling, timeout and output cap. The exceptions: the daemon's
 * cycle runner, which forks the agent's own cycle entry, and test code that must start real
 * processes (files under test/ or named *.e2e.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCANNED = ['agent', 'service', 'shared', 'gateway', 'tray-ui', 'scripts', 'test'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage', '.git']);
const TS_FILE = /\.(ts|tsx|mts|cts)$/;

const THE_EXEC_MODULE = 'agent/src/platform/exec.ts';
// Forks the agent's own cycle entry (node, fixed module path, no shell): see the file's comment.
const THE_CYCLE_RUNNER = 'agent/src/daemon/cycle-runner.ts';
const mayStartProcesses = (path: string) =>
  path === THE_EXEC_MODULE || path === THE_CYCLE_RUNNER || path.startsWith('test/') || path.endsWith('.e2e.test.ts');

// Static, side-effect, dynamic and re-export imports, and require(), with or without `node:`.
const CHILD_PROCESS_IMPORT =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(['"`])(?:node:)?child_process\1/;

function importsChildProcess(source: string): boolean {
  return CHILD_PROCESS_IMPORT.test(source);
}

function* tsFiles(dir: string): Generator<string> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // a workspace that does not exist yet
  }
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) yield* tsFiles(join(dir, entry.name));
    } else if (TS_FILE.test(entry.name)) yield join(dir, entry.name);
  }
}

describe('process boundary', () => {
  it('recognises every way of importing child_process', () => {
    const mod = ['child', 'process'].join('_');
    for (const source of [
      `import { spawn } from 'node:${mod}';`,
      `import * as cp from "${mod}";`,
      `import '${mod}';`,
      `const cp = await import('node:${mod}');`,
      `const cp = require("${mod}");`,
      `export { execFile } from 'node:${mod}';`,
      `import { exec } from\n  'node:${mod}';`,
    ]) {
      expect(importsChildProcess(source), source).toBe(true);
    }
    expect(importsChildProcess(`import { exec } from './platform/exec.js'; // no ${mod} here`)).toBe(false);
  });

  it(`only ${THE_EXEC_MODULE} imports child_process`, () => {
    const offenders: string[] = [];
    let scanned = 0;
    for (const top of SCANNED) {
      for (const file of tsFiles(join(ROOT, top))) {
        scanned++;
        const path = relative(ROOT, file).split(sep).join('/');
        if (!mayStartProcesses(path) && importsChildProcess(readFileSync(file, 'utf8'))) offenders.push(path);
      }
    }
    expect(scanned).toBeGreaterThan(10); // the scan really ran over the repo
    expect(offenders).toEqual([]);
    expect(importsChildProcess(readFileSync(join(ROOT, THE_EXEC_MODULE), 'utf8'))).toBe(true);
  });
});
