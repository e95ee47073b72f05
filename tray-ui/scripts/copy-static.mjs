#!/usr/bin/env node
// tsc compiles the renderer's TypeScript; this puts its HTML and CSS beside the output, so
// dist/renderer/ is the complete page Electron loads (and the browser tests serve).
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const source = new URL('../src/renderer/', import.meta.url);
const target = new URL('../dist/renderer/', import.meta.url);

export async function copyStatic() {
  await mkdir(target, { recursive: true });
  const files = (await readdir(source)).filter((name) => /\.(html|css)$/.test(name));
  await Promise.all(files.map((name) => copyFile(new URL(name, source), new URL(name, target))));
  return fileURLToPath(target);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await copyStatic();
