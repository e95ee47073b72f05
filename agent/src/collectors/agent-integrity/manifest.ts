/**
 * The agent's code hash: SHA-256 over a sha256sum-style manifest, one `<hex>  <path>\n` line per
 * code file (paths relative to the code directory, `/`-separated, sorted bytewise). Anyone can
 * recompute it: `cd dist && find . -type f -name '*.js' | sed 's|^\./||' | LC_ALL=C sort |
 * xargs sha256sum | sha256sum`.
 */
import { createHash } from 'node:crypto';

export const CODE_FILE = /\.(?:js|mjs|cjs)$/;

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export function manifestHash(files: ReadonlyArray<{ path: string; sha256: string }>): string {
  const sorted = [...files].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  return sha256Hex(sorted.map((f) => `${f.sha256}  ${f.path}\n`).join(''));
}
