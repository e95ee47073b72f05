// One measured run of the fleet at one size and cadence: schedules start, a warm-up passes
// unmeasured (TLS contexts, first challenges, chain resyncs), then the measured window, with the
// service's /metrics scraped at both ends and the simulator's own CPU alongside.
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { findBottleneck } from './bottleneck.mjs';
import { devicesAtRealCadence } from './options.mjs';
import { errorCount, quantile } from './recorder.mjs';
import { scrape, serviceWindow } from './service-metrics.mjs';

/**
 * @param fleet a started Fleet holding at least `devices` devices (all of them run)
 * @param target {urls, ca}
 * @param plan {devices, cadenceSeconds, warmupSeconds, durationSeconds, targetP99Ms,
 *              onInterval?: (interval, elapsedSeconds) => void, intervalSeconds?, signal?}
 */
export async function runStep(fleet, target, plan) {
  const loadBefore = loadavg()[0];
  await fleet.start(plan.cadenceSeconds * 1000);
  try {
    await sleep(plan.warmupSeconds * 1000, undefined, { signal: plan.signal });
    const before = await scrape(target.urls, target.ca);
    const cpuMark = process.cpuUsage();
    const began = performance.now();
    await fleet.measure(true);
    await fleet.interval(); // start the interval counts with the window
    // Interval ticks on a fixed grid, so time spent sampling does not stretch the window.
    const every = (plan.intervalSeconds ?? 10) * 1000;
    const end = began + plan.durationSeconds * 1000;
    for (let tick = began + every; ; tick += every) {
      await sleep(Math.max(0, Math.min(tick, end) - performance.now()), undefined, { signal: plan.signal });
      if (plan.onInterval) await plan.onInterval(await fleet.interval(), (performance.now() - began) / 1000);
      if (tick >= end) break;
    }
    const recording = await fleet.measure(false);
    const seconds = (performance.now() - began) / 1000;
    const cpu = process.cpuUsage(cpuMark);
    const after = await scrape(target.urls, target.ca);
    return summarize({ plan, recording, seconds, cpuMicros: cpu.user + cpu.system, before, after, loadBefore });
  } finally {
    await fleet.stop();
  }
}

function summarize({ plan, recording, seconds, cpuMicros, before, after, loadBefore }) {
  const { report, backlog, errors, counts, verdicts } = recording;
  const service = serviceWindow(before, after);
  const achieved = counts.reports / seconds;
  const offered = plan.devices / plan.cadenceSeconds;
  const simulator = {
    cpuCores: cpuMicros / 1e6 / seconds,
    cpuMsPerReport: cpuMicros / 1000 / Math.max(1, counts.reports),
    workerLoopBusy: recording.workerLoopBusy,
    workerDelayP99Ms: recording.workerDelayP99Ms,
  };
  const machine = { cores: cpus().length, loadBefore, loadAfter: loadavg()[0] };
  const latency = (sorted) => ({
    count: sorted.length,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
  });
  const reportLatency = latency(report);
  const errorTotal = errorCount(errors);
  const problems = [];
  if (!(reportLatency.p99 < plan.targetP99Ms))
    problems.push(`p99 ${reportLatency.p99.toFixed(1)} ms ≥ ${plan.targetP99Ms} ms`);
  if (errorTotal > 0) problems.push(`${errorTotal} errors`);
  if (achieved < 0.9 * offered)
    problems.push(`achieved ${achieved.toFixed(1)}/s < 90 % of offered ${offered.toFixed(1)}/s`);
  if (counts.skipped > 0) problems.push(`${counts.skipped} cycles skipped (previous cycle still running)`);
  return {
    devices: plan.devices,
    cadenceSeconds: plan.cadenceSeconds,
    seconds,
    offeredPerSecond: offered,
    achievedPerSecond: achieved,
    devicesAtRealCadence: devicesAtRealCadence(achieved),
    latencyMs: { report: reportLatency, backlog: latency(backlog) },
    counts,
    verdicts,
    errors,
    totals: recording.totals,
    sustained: problems.length === 0,
    problems,
    service,
    simulator,
    machine,
    bottleneck: findBottleneck({ service, simulator, machine }),
  };
}
