/**
 * Logs such as apt's history.log and dpkg.log stamp local wall-clock time with no offset. The
 * agent runs in the machine's time zone, so `new Date('YYYY-MM-DDTHH:MM:SS')` (which ECMAScript
 * reads as local time) recovers the instant. Across a DST fold the hour is ambiguous; that error
 * of at most one hour does not matter for "days since last patch".
 */
export function localWallClockToIso(local: string | null): string | null {
  if (local === null || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(local)) return null;
  const time = new Date(local).getTime();
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** The later of two ISO instants (either may be null). */
export function laterIso(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
