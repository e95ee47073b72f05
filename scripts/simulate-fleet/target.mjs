// The service the fleet reports to: a running one (--service / --replicas, with its CA and an
// admin token), or a local one started here on a data directory kept in the cache.
import { readFileSync, rmSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { compressedSettings, startLocalService } from './local-service.mjs';
import { REAL_CADENCE_SECONDS } from './options.mjs';

/**
 * @param options parsed options (urls, caFile, adminTokenFile, cacheDir, fresh)
 * @param smallestCadenceSeconds the shortest cadence the run will use (challenge limits)
 */
export async function openTarget(options, smallestCadenceSeconds, log) {
  if (options.urls.length > 0) {
    return {
      urls: options.urls,
      ca: readFileSync(options.caFile, 'utf8'),
      adminToken: readFileSync(options.adminTokenFile, 'utf8').trim(),
      local: false,
      close: async () => {},
    };
  }
  const dataDir = join(options.cacheDir, 'service');
  if (options.fresh) rmSync(dataDir, { recursive: true, force: true });
  log(`starting a local service (data in ${dataDir})…`);
  // `serviceSettings` (not a CLI option) lets tests loosen limits on a machine busy with others.
  const settings = { ...compressedSettings(smallestCadenceSeconds, REAL_CADENCE_SECONDS), ...options.serviceSettings };
  const service = await startLocalService({ dataDir, settings });
  return {
    urls: [service.url],
    ca: service.ca,
    adminToken: service.adminToken,
    local: true,
    pid: service.pid,
    settings,
    close: () => service.stop(),
  };
}

/** The machine a result was measured on. */
export function machineInfo() {
  const model = cpus()[0]?.model ?? 'unknown';
  return {
    cores: cpus().length,
    cpuModel: readCpuModel() ?? model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    freeMemoryGiB: Math.round(freemem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: loadavg().map((x) => Number(x.toFixed(2))),
  };
}

function readCpuModel() {
  try {
    return /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}
