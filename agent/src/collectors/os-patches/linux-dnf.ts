/**
 * os.patches for dnf (Fedora, RHEL and rebuilds; dnf 4 and dnf 5). `--cacheonly` mirrors the apt
 * collector: no metadata download from the posture path (slow, network); the OS's own
 * dnf-makecache timer refreshes metadata and we report how old it is.
 */
import type { OsPatchesValue } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { readDnfAutomatic } from '../os-auto-updates/linux-dnf.js';
import {
  lastUpgradeFromDnfRpmLog,
  parseDnfCheckUpdate,
  parseDnfSecurityList,
  parseNeedsRestarting,
} from './parse-dnf.js';

const CACHE_DIRS = ['/var/cache/dnf', '/var/cache/libdnf5'] as const;

/** Newest repomd.xml among the cached repositories (dnf 4 and dnf 5 cache layouts). */
async function metadataUpdatedAt(io: CollectorIO, raw: CollectorIO): Promise<string | null> {
  const listings = await Promise.all(CACHE_DIRS.map(async (dir) => ({ dir, listing: await io.readDir(dir) })));
  const paths = listings.flatMap(({ dir, listing }) =>
    listing.ok
      ? listing.entries
          .filter((name) => /-[0-9a-f]{16}$/.test(name))
          .map((name) => `${dir}/${name}/repodata/repomd.xml`)
      : [],
  );
  const stats = await Promise.all(paths.map((path) => raw.stat(path)));
  const times = stats.flatMap((s) => (s.ok ? [s.mtime.getTime()] : []));
  return times.length ? new Date(Math.max(...times)).toISOString() : null;
}

async function autoUpdates(io: CollectorIO): Promise<boolean | null> {
  return (await readDnfAutomatic(io)).enabled;
}

/** null when dnf is not installed, so the caller can try another manager. */
export async function collectDnf(io: CollectorIO, raw: CollectorIO): Promise<OsPatchesValue | null> {
  const check = await io.exec('dnf', ['--cacheonly', 'check-update'], { timeoutMs: 60_000 });
  if (!check.ok && check.error.code === 'VIGIL_EXEC_NOT_FOUND') return null;
  const [security, restart, rpmLog, listsUpdatedAt, auto] = await Promise.all([
    io.exec('dnf', ['--cacheonly', 'updateinfo', 'list', '--security'], { timeoutMs: 60_000 }),
    io.exec('dnf', ['needs-restarting', '-r'], { timeoutMs: 30_000 }),
    io.readFile('/var/log/dnf.rpm.log', { maxBytes: 16 * 1024 * 1024 }),
    metadataUpdatedAt(io, raw),
    autoUpdates(io),
  ]);
  const packages = check.ok ? parseDnfCheckUpdate(check.stdout, check.exitCode).packages : null;
  const securityPackages = security.ok && security.exitCode === 0 ? parseDnfSecurityList(security.stdout) : null;
  return {
    manager: 'dnf',
    pendingUpdates: packages === null ? null : packages.length,
    pendingSecurityUpdates: securityPackages === null ? null : securityPackages.length,
    securityPackages: (securityPackages ?? []).slice(0, 200),
    lastPatchedAt: rpmLog.ok ? lastUpgradeFromDnfRpmLog(rpmLog.text) : null,
    listsUpdatedAt,
    autoUpdates: auto,
    rebootRequired: restart.ok ? parseNeedsRestarting(restart.exitCode) : null,
  };
}
