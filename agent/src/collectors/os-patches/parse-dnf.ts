/**
 * dnf (4 and 5) outputs. `dnf check-update` exits 100 when updates exist, 0 when none, 1 on error;
 * its package lines are `name.arch  [epoch:]version-release  repo`, and dnf 4 wraps a long name
 * onto its own line, so entries are read as triples of whitespace-separated tokens.
 */
export interface DnfCheckUpdate {
  /** null when dnf reported an error (exit 1) or an exit code we do not know. */
  packages: string[] | null;
}

const ARCH = /\.(x86_64|noarch|aarch64|i686|i386|ppc64le|s390x|armv7hl|riscv64|src)$/;
const NOISE = [
  /^Last metadata expiration check/,
  /^Updating and loading repositories/,
  /^Repositories loaded/,
  /^Security:/,
];

export function parseDnfCheckUpdate(stdout: string, exitCode: number): DnfCheckUpdate {
  if (exitCode === 0) return { packages: [] };
  if (exitCode !== 100) return { packages: null };
  const kept: string[] = [];
  for (const line of stdout.split('\n')) {
    // Obsoleted packages are listed again below this heading with their replacements.
    if (/^Obsoleting Packages/.test(line)) break;
    if (!line.trim() || NOISE.some((noise) => noise.test(line.trim()))) continue;
    kept.push(line);
  }
  const tokens = kept.join(' ').split(/\s+/).filter(Boolean);
  const packages: string[] = [];
  for (let i = 0; i + 2 < tokens.length; i += 3) {
    const nameArch = tokens[i] ?? '';
    if (!ARCH.test(nameArch)) return { packages: null }; // not the format we know: do not guess
    packages.push(nameArch.replace(ARCH, ''));
  }
  // Exit 100 says updates exist: an empty list means the output was cut off or not understood.
  return { packages: packages.length > 0 ? packages : null };
}

/** `curl-8.6.0-10.fc40.x86_64` or `openssl-libs-1:3.2.2-3.fc40.x86_64` → package name. */
export function nameFromNevra(nevra: string): string | null {
  const parts = nevra.replace(ARCH, '').split('-');
  return parts.length >= 3 ? parts.slice(0, -2).join('-') : null;
}

/**
 * `dnf updateinfo list --security`. dnf 4: `FEDORA-2024-2b9c4b0a7c Moderate/Sec.  curl-8.6.0-10.fc40.x86_64`;
 * dnf 5 adds a header and columns: `FEDORA-2024-2b9c4b0a7c security Moderate curl-8.9.1-3.fc41.x86_64 2024-10-05 01:12:33`.
 * Returns distinct package names, since one advisory can cover several packages and vice versa.
 */
export function parseDnfSecurityList(stdout: string): string[] {
  const names = new Set<string>();
  for (const line of stdout.split('\n')) {
    const tokens = line.trim().split(/\s+/);
    // Advisory ids: FEDORA-2024-…, RHSA-2024:5101, RLSA-…, ALSA-…, ELSA-…
    if (!tokens[0] || !/^[A-Z][A-Z0-9]*-\d{4}[-:][\w.-]+$/.test(tokens[0])) continue;
    const nevra = tokens.slice(1).find((token) => ARCH.test(token));
    const name = nevra ? nameFromNevra(nevra) : null;
    if (name) names.add(name);
  }
  return [...names].sort();
}

/** `dnf needs-restarting -r`: exit 1 = reboot needed, 0 = not needed; anything else unknown. */
export function parseNeedsRestarting(exitCode: number): boolean | null {
  return exitCode === 1 ? true : exitCode === 0 ? false : null;
}

/**
 * /var/log/dnf.rpm.log: `2024-10-01T08:12:45+0200 SUBDEBUG Upgrade: curl-8.6.0-10.fc40.x86_64`.
 * Returns the ISO time of the last upgrade (dnf logs an offset, so no local-time guess is needed).
 */
export function lastUpgradeFromDnfRpmLog(text: string): string | null {
  let last: number | null = null;
  for (const line of text.split('\n')) {
    const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(Z|[+-]\d{2}:?\d{2}) \w+ Upgrade: /.exec(line);
    if (!match?.[1] || !match[2]) continue;
    const offset = match[2] === 'Z' ? 'Z' : match[2].replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
    const time = Date.parse(`${match[1]}${offset}`);
    if (!Number.isNaN(time) && (last === null || time > last)) last = time;
  }
  return last === null ? null : new Date(last).toISOString();
}

/** dnf-automatic's `[commands] apply_updates = yes` (INI; later keys win). */
export function dnfAutomaticApplies(text: string): boolean {
  let section = '';
  let applies = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || line.startsWith(';') || !line) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header?.[1]) section = header[1].trim();
    const entry = /^apply_updates\s*[=:]\s*(\S+)/i.exec(line);
    if (section === 'commands' && entry?.[1]) applies = /^(yes|true|1|on)$/i.test(entry[1]);
  }
  return applies;
}
