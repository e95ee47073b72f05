#!/usr/bin/env node
// Fleet simulator (issue #9): thousands of virtual devices (real RSA keys and certificates,
// real mTLS) report to a Vigil service on a compressed cadence with jitter; some go offline and
// come back with a backlog, some turn non-compliant. Prints achieved reports/s, latency
// percentiles, errors by code and where the bottleneck is; `--search` raises the fleet size (or
// shortens the cadence) until the latency target or an error is hit and prints the largest
// fleet sustained, in devices at a real 15-minute cadence. Usage: --help (options.mjs).
// Build the service first (npx tsc -b service) when no --service is given.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { enrolledDevices, EnrollmentCache } from './simulate-fleet/enrollments.mjs';
import { Fleet } from './simulate-fleet/fleet.mjs';
import { parseOptions, UsageError, USAGE } from './simulate-fleet/options.mjs';
import { quantile } from './simulate-fleet/recorder.mjs';
import { formatSearch, formatStep } from './simulate-fleet/report.mjs';
import { runStep } from './simulate-fleet/step.mjs';
import { machineInfo, openTarget } from './simulate-fleet/target.mjs';

/** Runs the simulation described by `options`; returns the JSON-able result. */
export async function simulate(options, log = (line) => console.error(line), signal) {
  const factor = options.stepFactor;
  const smallestCadence =
    options.search === 'cadence' ? options.cadenceSeconds / factor ** (options.maxSteps - 1) : options.cadenceSeconds;
  const machine = machineInfo();
  const target = await openTarget(options, smallestCadence, log);
  const cache = new EnrollmentCache(options.cacheDir, target.ca);
  const fleet = new Fleet({ workers: options.workers, options, admin: { token: target.adminToken } });
  const grow = async (size) => {
    if (size <= fleet.size) return;
    const entries = await enrolledDevices({
      target,
      cache,
      keyDir: join(options.cacheDir, 'keys'),
      from: fleet.size,
      to: size,
      log,
    });
    await fleet.add(entries);
  };
  const step = async (devices, cadenceSeconds) => {
    await grow(devices);
    log(
      `running ${devices} devices at a ${cadenceSeconds.toFixed(2)} s cadence (${(devices / cadenceSeconds).toFixed(1)} reports/s offered)…`,
    );
    try {
      return await runStep(fleet, target, {
        devices,
        cadenceSeconds,
        warmupSeconds: options.warmupSeconds,
        durationSeconds: options.durationSeconds,
        targetP99Ms: options.targetP99Ms,
        onInterval: (interval, elapsed) => log(progress(interval, elapsed)),
        signal,
      });
    } finally {
      cache.updateChains(fleet.states ?? []);
      cache.save();
    }
  };
  try {
    const setup = {
      machine,
      options,
      service: target.local ? { local: true, settings: target.settings } : { urls: target.urls },
    };
    if (!options.search) {
      const result = await step(options.devices, options.cadenceSeconds);
      return { ...setup, run: result };
    }
    const search = {
      mode: options.search,
      targetP99Ms: options.targetP99Ms,
      steps: [],
      best: undefined,
      limit: undefined,
    };
    for (let k = 0; k < options.maxSteps; k++) {
      const devices = options.search === 'devices' ? Math.round(options.devices * factor ** k) : options.devices;
      const cadence = options.search === 'cadence' ? options.cadenceSeconds / factor ** k : options.cadenceSeconds;
      const result = await step(devices, Number(cadence.toFixed(3)));
      log(formatStep(result));
      search.steps.push(result);
      if (!result.sustained) {
        search.limit = result;
        break;
      }
      search.best = result;
    }
    return { ...setup, search };
  } finally {
    await fleet.close();
    await target.close();
  }
}

function progress(interval, elapsed) {
  const errors = Object.entries(interval.errors).map(([code, n]) => `${code} ${n}`);
  const p99 = quantile(interval.report, 0.99);
  return `  [${elapsed.toFixed(0).padStart(4)} s] ${interval.reports} reports accepted, p99 ${Number.isFinite(p99) ? p99.toFixed(1) : '—'} ms, errors: ${errors.join(', ') || 'none'}`;
}

export function formatResult(result) {
  const m = result.machine;
  const header = `machine: ${m.cores} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, load average ${m.loadAverage.join(' ')} at start`;
  return [header, result.search ? formatSearch(result.search) : formatStep(result.run)].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`simulate-fleet: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
    process.exit(0);
  }
  // Ctrl-C ends the current step early but still stops the fleet, saves chains, stops the service.
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  let result;
  try {
    result = await simulate(options, undefined, controller.signal);
  } catch (error) {
    if (!controller.signal.aborted) throw error;
    console.error('simulate-fleet: interrupted; chains saved, service stopped');
    process.exit(130);
  }
  console.log(options.json ? JSON.stringify(result, null, 2) : formatResult(result));
  const sustained = result.search ? Boolean(result.search.best) : result.run.sustained;
  process.exitCode = sustained ? 0 : 1;
}
