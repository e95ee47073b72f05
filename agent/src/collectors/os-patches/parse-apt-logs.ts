/**
 * When packages were last patched, from apt's history.log and dpkg.log. Both write local wall-clock
 * time without an offset, so these parsers return `YYYY-MM-DDTHH:MM:SS` local strings and the
 * collector converts them with the machine's time zone.
 *
 * Only upgrades count: installing a new package is not patching. history.log blocks look like
 *   Start-Date: 2024-05-06  10:00:01
 *   Commandline: apt-get upgrade
 *   Upgrade: libc6:amd64 (2.36-9+deb12u4, 2.36-9+deb12u7), ...
 *   End-Date: 2024-05-06  10:00:09
 * dpkg.log has one line per action: `2024-05-06 10:00:05 upgrade libc6:amd64 2.36-9+deb12u4 2.36-9+deb12u7`
 * (it also sees `dpkg -i` upgrades that apt never logged).
 */
const END_DATE = /^End-Date:\s+(\d{4}-\d{2}-\d{2})\s+(\d{2}:\d{2}:\d{2})\s*$/;
const DPKG_UPGRADE = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) upgrade \S+ \S+ \S+/;

const latest = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a > b ? a : b);

export function lastUpgradeFromHistory(text: string): string | null {
  let last: string | null = null;
  let upgraded = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('Start-Date:')) upgraded = false;
    else if (line.startsWith('Upgrade:')) upgraded = true;
    else {
      const end = END_DATE.exec(line.trimEnd());
      if (end && upgraded) last = latest(last, `${end[1]}T${end[2]}`);
    }
  }
  return last;
}

export function lastUpgradeFromDpkgLog(text: string): string | null {
  let last: string | null = null;
  for (const line of text.split('\n')) {
    const match = DPKG_UPGRADE.exec(line);
    if (match) last = latest(last, `${match[1]}T${match[2]}`);
  }
  return last;
}

/** `apt-config shell UU APT::Periodic::Unattended-Upgrade` prints `UU='1'`, or nothing when unset. */
export function parseAptConfigShell(text: string, variable: string): string | null {
  for (const line of text.split('\n')) {
    const match = /^(\w+)='((?:[^']|'\\'')*)'$/.exec(line.trim());
    if (match?.[1] === variable) return (match[2] ?? '').replaceAll(`'\\''`, "'");
  }
  return null;
}

/** apt.conf syntax as in 20auto-upgrades: `APT::Periodic::Unattended-Upgrade "1";` (last one wins). */
export function parseAptConfValue(text: string, key: string): string | null {
  let value: string | null = null;
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\s*${escaped}\\s+"([^"]*)"\\s*;`, 'i');
  for (const line of text.split('\n')) {
    if (line.trimStart().startsWith('//')) continue;
    const match = pattern.exec(line);
    if (match) value = match[1] ?? '';
  }
  return value;
}

/**
 * APT::Periodic values are intervals in days (apt.systemd.daily also takes an s/m/h/d suffix) or
 * `always`; `0`, empty or `never` disable the job. Anything else is not an interval apt can run
 * on: a damaged `"'0"` read as enabled (found by fuzzing).
 */
export function periodicEnabled(value: string | null): boolean {
  if (value === null) return false;
  const normalized = value.trim().toLowerCase();
  if (normalized === 'always') return true;
  const interval = /^(\d+)[smhd]?$/.exec(normalized);
  return interval !== null && Number(interval[1]) > 0;
}
