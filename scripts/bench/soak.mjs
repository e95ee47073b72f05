// `npm run bench -- soak --minutes 10 [--rate 100] [--devices 500] [--max-rss-growth-mb 64]
// [--max-heap-growth-mb 32]`: sustained load on a local service (the fleet simulator's devices:
// real keys, mTLS, a new TLS connection per cycle, offline backlogs, posture changes) at a fixed
// rate for N minutes. Every 10 s it samples the service's RSS and heap (from /metrics) and the
// errors the devices saw. Fails on any error, or when memory after the warm-up grows past the
// bound: RSS compared as the median of the first and the last minute, heap as the lowest value
// in each (the floor after garbage collection, so garbage waiting to be collected is not growth).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { enrolledDevices, EnrollmentCache } from '../simulate-fleet/enrollments.mjs';
import { Fleet } from '../simulate-fleet/fleet.mjs';
import { compressedSettings, startLocalService } from '../simulate-fleet/local-service.mjs';
import { REAL_CADENCE_SECONDS } from '../simulate-fleet/options.mjs';
import { errorCount, quantile } from '../simulate-fleet/recorder.mjs';
import { memory, scrape } from '../simulate-fleet/service-metrics.mjs';
import { runStep } from '../simulate-fleet/step.mjs';
import { median } from './stats.mjs';

const MB = 1024 * 1024;
// The fleet simulator's key cache: keys generated once serve every later run.
const KEY_DIR = fileURLToPath(new URL('../../.vigil-dev/fleet-cache/keys', import.meta.url));

export async function run(options = {}) {
  const log = options.log ?? ((line) => console.error(line));
  const minutes = Number(options.minutes ?? 10);
  const rate = Number(options.rate ?? 100);
  const devices = Number(options.devices ?? 500);
  const maxRssGrowthMb = Number(options.maxRssGrowthMb ?? 64);
  const maxHeapGrowthMb = Number(options.maxHeapGrowthMb ?? 32);
  const cadenceSeconds = devices / rate;
  const warmupSeconds = Math.min(120, Math.max(30, minutes * 12)); // 20 % of the run, 30 s–2 min

  const scratch = mkdtempSync(join(tmpdir(), 'vigil-soak-'));
  const service = await startLocalService({ settings: compressedSettings(cadenceSeconds, REAL_CADENCE_SECONDS) });
  const target = { urls: [service.url], ca: service.ca, adminToken: service.adminToken };
  const fleet = new Fleet({
    workers: 2,
    options: { keepAlive: false, timeoutMs: 10_000, jitter: 0.1, offlineShare: 0.05, noncompliantShare: 0.05 },
    admin: { token: service.adminToken },
  });
  const samples = [];
  const loadBefore = loadavg()[0];
  try {
    const entries = await enrolledDevices({
      target,
      cache: new EnrollmentCache(scratch, service.ca),
      keyDir: KEY_DIR,
      from: 0,
      to: devices,
      log,
    });
    await fleet.add(entries);
    log(`soak: ${devices} devices at ${rate} reports/s for ${minutes} min (warm-up ${warmupSeconds} s)…`);
    const step = await runStep(fleet, target, {
      devices,
      cadenceSeconds,
      warmupSeconds: cadenceSeconds,
      durationSeconds: minutes * 60,
      targetP99Ms: 50,
      onInterval: async (interval, elapsed) => {
        const [mem] = memory(await scrape(target.urls, target.ca));
        const sample = {
          elapsed,
          ...mem,
          reports: interval.reports,
          errors: interval.errors,
          p99: quantile(interval.report, 0.99),
          load: loadavg()[0],
        };
        samples.push(sample);
        log(
          `  [${elapsed.toFixed(0).padStart(4)} s] RSS ${(mem.rssBytes / MB).toFixed(1)} MB, heap ${(mem.heapUsedBytes / MB).toFixed(1)} MB, ` +
            `${interval.reports} reports, p99 ${sample.p99.toFixed(1)} ms, errors ${errorCount(interval.errors)}, load ${sample.load.toFixed(1)}`,
        );
      },
    });
    return verdict({
      step,
      samples,
      warmupSeconds,
      minutes,
      rate,
      devices,
      maxRssGrowthMb,
      maxHeapGrowthMb,
      loadBefore,
    });
  } finally {
    await fleet.close();
    await service.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

function verdict({
  step,
  samples,
  warmupSeconds,
  minutes,
  rate,
  devices,
  maxRssGrowthMb,
  maxHeapGrowthMb,
  loadBefore,
}) {
  const settled = samples.filter((s) => s.elapsed >= warmupSeconds);
  const first = settled.filter((s) => s.elapsed < warmupSeconds + 60);
  const last = settled.filter((s) => s.elapsed >= minutes * 60 - 60);
  const rssGrowth = (median(last.map((s) => s.rssBytes)) - median(first.map((s) => s.rssBytes))) / MB;
  const heapGrowth =
    (Math.min(...last.map((s) => s.heapUsedBytes)) - Math.min(...first.map((s) => s.heapUsedBytes))) / MB;
  const errors = errorCount(step.errors);
  const enough = first.length > 0 && last.length > 0 && minutes * 60 >= warmupSeconds + 120;
  const failed = errors > 0 || !enough || !(rssGrowth <= maxRssGrowthMb) || !(heapGrowth <= maxHeapGrowthMb);
  const peakLoad = Math.max(loadBefore, ...samples.map((s) => s.load));
  return {
    name: 'soak',
    failed,
    figures: [
      {
        name: `reports/s (${devices} devices, offered ${rate}/s, ${minutes} min)`,
        value: step.achievedPerSecond,
        unit: 'reports/s',
      },
      {
        name: 'p99 latency (challenge + evidence)',
        value: step.latencyMs.report.p99,
        unit: 'ms',
        target: '< 50',
        met: step.latencyMs.report.p99 < 50,
      },
      { name: 'errors', value: errors, unit: 'count', target: '0', met: errors === 0 },
      {
        name: 'service RSS growth after warm-up',
        value: rssGrowth,
        unit: 'MB',
        target: `≤ ${maxRssGrowthMb}`,
        met: rssGrowth <= maxRssGrowthMb,
      },
      {
        name: 'service heap floor growth after warm-up',
        value: heapGrowth,
        unit: 'MB',
        target: `≤ ${maxHeapGrowthMb}`,
        met: heapGrowth <= maxHeapGrowthMb,
      },
      { name: 'service RSS at the end', value: (last.at(-1)?.rssBytes ?? Number.NaN) / MB, unit: 'MB' },
      { name: 'machine load average (1 min) at start / peak', value: loadBefore, unit: `/ ${peakLoad.toFixed(2)}` },
    ],
    ...(enough
      ? {}
      : { problem: `run too short to compare a minute after the ${warmupSeconds} s warm-up with the last minute` }),
    errorsByCode: step.errors,
    samples,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const result = await run({ minutes: arg('minutes'), rate: arg('rate'), devices: arg('devices') });
  console.log(JSON.stringify({ ...result, samples: `${result.samples.length} samples` }, null, 2));
  process.exitCode = result.failed ? 1 : 0;
}
