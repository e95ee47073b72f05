/**
 * os.patches for apt (Debian, Ubuntu and derivatives). Reads what apt already knows: no
 * `apt-get update` (network, locks) — instead the age of the package lists is reported, because
 * stale lists make "0 pending" meaningless.
 */
import type { OsPatchesValue } from '@vigil/shared';
import { createHash } from 'node:crypto';
import type { CollectorIO, ReadFileOutcome, StatOutcome } from '../../platform/io.js';
import { laterIso, localWallClockToIso } from '../local-time.js';
import { readUnattendedUpgrades } from '../os-auto-updates/linux-apt.js';
import { lastUpgradeFromDpkgLog, lastUpgradeFromHistory } from './parse-apt-logs.js';
import { parseAptSimulate } from './parse-apt-simulate.js';
import { newerKernelInstalled } from './parse-kernel-images.js';

const LISTS_DIR = '/var/lib/apt/lists';
type Pending = Pick<OsPatchesValue, 'pendingUpdates' | 'pendingSecurityUpdates' | 'securityPackages'>;
const UNKNOWN_PENDING: Pending = { pendingUpdates: null, pendingSecurityUpdates: null, securityPackages: [] };

function pendingFrom(stdout: string, haveLists: boolean): Pending {
  const simulation = parseAptSimulate(stdout);
  // Without package lists (e.g. an image that deleted them) apt sees nothing to upgrade: unknown, not 0.
  if (!haveLists || simulation.upgradedCount === null) return UNKNOWN_PENDING;
  const security = [...new Set(simulation.upgrades.filter((u) => u.security).map((u) => u.name))];
  return {
    pendingUpdates: simulation.upgrades.length + simulation.keptBack.length,
    pendingSecurityUpdates: security.length,
    securityPackages: security.slice(0, 200),
  };
}

async function latestFromLogs(
  io: CollectorIO,
  files: ReadonlyArray<readonly [path: string, gunzip: boolean]>,
  parse: (text: string) => string | null,
  /** The first file, when the caller has already read it. */
  first?: ReadFileOutcome,
): Promise<string | null> {
  // Rotated logs are read only when the current one has no upgrade yet (cheap in the common case).
  for (const [i, [path, gunzip]] of files.entries()) {
    const file = i === 0 && first ? first : await io.readFile(path, { gunzip, maxBytes: 16 * 1024 * 1024 });
    const found = file.ok ? parse(file.text) : null;
    if (found !== null) return found;
  }
  return null;
}

async function lastPatchedAt(io: CollectorIO, dpkgLog: ReadFileOutcome): Promise<string | null> {
  const [history, dpkg] = await Promise.all([
    latestFromLogs(
      io,
      [
        ['/var/log/apt/history.log', false],
        ['/var/log/apt/history.log.1.gz', true],
      ],
      lastUpgradeFromHistory,
    ),
    latestFromLogs(
      io,
      [
        ['/var/log/dpkg.log', false],
        ['/var/log/dpkg.log.1', false],
      ],
      lastUpgradeFromDpkgLog,
      dpkgLog,
    ),
  ]);
  return laterIso(localWallClockToIso(history), localWallClockToIso(dpkg));
}

/** Newest mtime among the lists directory, its index files and apt's periodic success stamp. */
async function listsState(
  io: CollectorIO,
  raw: CollectorIO,
): Promise<{ haveLists: boolean; updatedAt: string | null; fingerprint: string }> {
  const [listing, stamp] = await Promise.all([
    io.readDir(LISTS_DIR),
    io.stat('/var/lib/apt/periodic/update-success-stamp'),
  ]);
  if (!listing.ok) return { haveLists: false, updatedAt: null, fingerprint: 'no-lists' };
  const indexes = listing.entries.filter((name) => /_(In)?Release$|_Packages(\.\w+)?$/.test(name));
  if (!indexes.some((name) => /_Packages(\.\w+)?$/.test(name)))
    return { haveLists: false, updatedAt: null, fingerprint: 'no-lists' };
  // Individual index files are not evidence entries of their own: the directory listing is.
  const stats = await Promise.all(
    [LISTS_DIR, ...indexes.map((name) => `${LISTS_DIR}/${name}`)].map((path) => raw.stat(path)),
  );
  const times = [...stats, stamp].flatMap((s) => (s.ok ? [s.mtime.getTime()] : []));
  // Every index with its mtime: apt sets mtimes from the mirror's Last-Modified, so a newer list
  // can carry an older time and only the whole set shows a change.
  const fingerprint = indexes.map((name, i) => `${name}@${mtimeOf(stats[i + 1])}`).join('\n');
  return {
    haveLists: true,
    updatedAt: times.length ? new Date(Math.max(...times)).toISOString() : null,
    fingerprint: `${mtimeOf(stats[0])}\n${fingerprint}`,
  };
}

const mtimeOf = (s: StatOutcome | undefined) => (s?.ok ? s.mtime.getTime() : 'none');

/**
 * `apt-get -s upgrade` takes seconds (it loads every package list) and its answer depends only on
 * the lists and on what is installed, which the dpkg log records change by change. It runs again
 * when either changed, or after APT_PROBE.maxAgeMs for what neither shows (apt preferences).
 */
export const APT_PROBE = {
  tool: 'apt-get',
  args: ['-s', '-o', 'Debug::NoLocking=1', 'upgrade'],
  maxAgeMs: 6 * 3_600_000,
  waitMs: 60_000,
  timeoutMs: 60_000,
} as const;

function aptInputs(listsFingerprint: string, dpkgLog: ReadFileOutcome): string {
  const installed = dpkgLog.ok ? createHash('sha256').update(dpkgLog.text).digest('hex') : 'no-dpkg-log';
  return createHash('sha256').update(`${listsFingerprint}\n${installed}`).digest('hex');
}

async function rebootRequired(io: CollectorIO, kernel: string | undefined): Promise<boolean | null> {
  const [flag, boot] = await Promise.all([io.stat('/var/run/reboot-required'), io.readDir('/boot')]);
  const newer = kernel && boot.ok ? newerKernelInstalled(kernel, boot.entries) : null;
  if (flag.ok || newer === true) return true;
  return flag.error.code === 'VIGIL_IO_NOT_FOUND' ? false : newer;
}

async function autoUpdates(io: CollectorIO): Promise<boolean | null> {
  return (await readUnattendedUpgrades(io)).enabled;
}

/** null when apt-get is not installed, so the caller can try another manager. */
export async function collectApt(
  io: CollectorIO,
  raw: CollectorIO,
  kernel: string | undefined,
): Promise<OsPatchesValue | null> {
  // What apt's answer depends on first: on a machine without apt this is all we touch.
  const [lists, dpkgLog] = await Promise.all([
    listsState(io, raw),
    io.readFile('/var/log/dpkg.log', { maxBytes: 16 * 1024 * 1024 }),
  ]);
  const probe = await io.slowProbes.read({ ...APT_PROBE, inputs: aptInputs(lists.fingerprint, dpkgLog) });
  if (!probe.answer && probe.lastError?.code === 'VIGIL_EXEC_NOT_FOUND') return null;
  const [patched, reboot, auto] = await Promise.all([
    lastPatchedAt(io, dpkgLog),
    rebootRequired(io, kernel),
    autoUpdates(io),
  ]);
  const run = probe.answer;
  const pending = run && run.exitCode === 0 ? pendingFrom(run.stdout, lists.haveLists) : UNKNOWN_PENDING;
  return {
    manager: 'apt',
    ...pending,
    lastPatchedAt: patched,
    listsUpdatedAt: lists.updatedAt,
    autoUpdates: auto,
    rebootRequired: reboot,
  };
}
