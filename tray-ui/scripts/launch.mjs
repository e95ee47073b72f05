#!/usr/bin/env node
// `npm run tray`: starts the built tray under Electron. Electron is an optional dependency (its
// binary download fails on some machines), so a missing binary is a clear message and exit 2.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/main/index.js', import.meta.url));

function electronBinary() {
  try {
    // The electron package exports the path of its downloaded binary and throws when it is missing.
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
if (!binary) {
  console.error(
    'vigil-tray: the Electron binary is not installed (electron is an optional dependency; its download may have failed).',
  );
  console.error('vigil-tray: where the Electron download host is reachable, fetch it with: npm rebuild electron');
  process.exit(2);
}
if (!existsSync(entry)) {
  console.error(`vigil-tray: ${entry} is missing; build first with: npm run build -w @vigil/tray-ui`);
  process.exit(2);
}

const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE; // would make Electron behave as plain Node and skip the app
const child = spawn(binary, [entry, ...process.argv.slice(2)], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
