/**
 * electron-api.ts hand-types the Electron APIs the tray uses, because `electron` is optional. When
 * the real package (with electron.d.ts) is installed, compile a probe that assigns the real module
 * to our interface: if Electron changes an API we rely on, this fails instead of the running app.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const electronTypes = ((): string | undefined => {
  try {
    const file = join(dirname(createRequire(import.meta.url).resolve('electron/package.json')), 'electron.d.ts');
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
})();

const PROBE = `
import * as electron from 'electron';
import type { ElectronApi } from './electron-api.js';
import { secureWebPreferences } from './window-security.js';
export const api: ElectronApi<Electron.NativeImage> = electron;
export const prefs: Electron.WebPreferences = secureWebPreferences('/preload.cjs');
// No key Electron does not know (a typo would silently leave a default in place).
type Unknown = Exclude<keyof ReturnType<typeof secureWebPreferences>, keyof Electron.WebPreferences>;
export const noUnknownKeys: [Unknown] extends [never] ? true : Unknown = true;
`;

describe.skipIf(!electronTypes)('electron-api.ts against the installed electron.d.ts', () => {
  it('is a faithful subset of the real Electron API', () => {
    const probe = join(here, '__electron_probe__.ts');
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
    };
    const host = ts.createCompilerHost(options);
    const read = host.readFile.bind(host);
    host.readFile = (file) => (file === probe ? PROBE : read(file));
    const exists = host.fileExists.bind(host);
    host.fileExists = (file) => file === probe || exists(file);
    const getSource = host.getSourceFile.bind(host);
    host.getSourceFile = (file, lang, ...rest) =>
      file === probe ? ts.createSourceFile(file, PROBE, lang) : getSource(file, lang, ...rest);
    const program = ts.createProgram([probe], options, host);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  }, 60_000);
});
