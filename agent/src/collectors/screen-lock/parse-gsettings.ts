/**
 * `gsettings get` prints GVariant text: `true`, `uint32 300`. Without a working settings backend
 * GLib falls back to its memory backend and says so on stderr; those values are schema defaults,
 * not the user's, and are refused.
 */
export const MEMORY_BACKEND = /Using the 'memory' GSettings backend/;
export const NO_SCHEMA = /No such schema|No such key/;

export function parseGBoolean(text: string): boolean | null {
  const value = text.trim();
  return value === 'true' ? true : value === 'false' ? false : null;
}

export function parseGUint(text: string): number | null {
  const match = /^(?:uint32\s+)?(\d+)$/.exec(text.trim());
  const value = match?.[1] ? Number.parseInt(match[1], 10) : null;
  // A run of digits longer than any uint32 is garbage, not Infinity seconds (found by fuzzing).
  return value !== null && Number.isSafeInteger(value) ? value : null;
}
