/**
 * Version comparison for OS versions as the OSes print them. Only the leading dotted number
 * counts (`22.04.4 LTS` → 22.4.4, `12 (bookworm)` → 12); missing parts are zero, so `22.04`
 * equals `22.04.0` and is below `22.04.4`. A macOS Rapid Security Response suffix `(a)`, `(b)`
 * ranks above the same version without one.
 */
export interface ParsedVersion {
  parts: number[];
  /** 0 without a Rapid Security Response, 1 for `(a)`, 2 for `(b)`… */
  rsr: number;
}

const LEADING_VERSION = /^\s*v?(\d+(?:\.\d+)*)/;
const RSR_SUFFIX = /\(([a-z])\)\s*$/;

export function parseVersion(text: string): ParsedVersion | null {
  const match = LEADING_VERSION.exec(text);
  if (!match?.[1]) return null;
  const parts = match[1].split('.').map((part) => Number.parseInt(part, 10));
  if (parts.some((part) => !Number.isSafeInteger(part))) return null;
  const rsr = RSR_SUFFIX.exec(text);
  return { parts, rsr: rsr?.[1] ? rsr[1].charCodeAt(0) - 96 : 0 };
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareParsed(a: ParsedVersion, b: ParsedVersion): number {
  const length = Math.max(a.parts.length, b.parts.length);
  for (let i = 0; i < length; i++) {
    const diff = (a.parts[i] ?? 0) - (b.parts[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return a.rsr - b.rsr;
}

/** Compares two version strings; null when either is not a version at all. */
export function compareVersions(a: string, b: string): number | null {
  const left = parseVersion(a);
  const right = parseVersion(b);
  if (!left || !right) return null;
  return compareParsed(left, right);
}
