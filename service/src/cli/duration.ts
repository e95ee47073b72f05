import { UsageError } from './usage.js';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `90s`, `30m`, `1h`, `7d` (or plain seconds) → seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (!match?.[1]) throw new UsageError(`invalid duration "${text}" (use e.g. 90s, 30m, 1h, 7d)`);
  return Number(match[1]) * (UNITS[match[2] || 's'] ?? 1);
}
