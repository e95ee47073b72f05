// Human-readable output of the fleet simulator (the JSON output is the result objects as-is).
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(x < 10 ? 2 : 1)} ms` : '—');
const mb = (bytes) => `${(bytes / 1048576).toFixed(0)} MB`;
const pct = (x) => `${Math.round(x * 100)} %`;
const int = (x) => Math.round(x).toLocaleString('en-US');

export function formatStep(step) {
  const r = step.latencyMs.report;
  const b = step.latencyMs.backlog;
  const errors = Object.entries(step.errors)
    .sort((x, y) => y[1] - x[1])
    .map(([code, n]) => `${code}: ${n}`);
  const s = step.service;
  const per = step.bottleneck.perReport;
  return [
    `${int(step.devices)} devices, cadence ${step.cadenceSeconds} s: offered ${step.offeredPerSecond.toFixed(1)} reports/s, ` +
      `achieved ${step.achievedPerSecond.toFixed(1)} reports/s over ${step.seconds.toFixed(0)} s ` +
      `(${int(step.counts.challenged)} challenged, ${int(step.counts.unchallenged)} from backlogs; ${int(step.counts.queued)} queued offline` +
      `${step.counts.skipped ? `, ${int(step.counts.skipped)} cycles skipped` : ''}${step.counts.resynced ? `, ${int(step.counts.resynced)} resynced` : ''})`,
    `  latency, challenge + evidence from schedule: p50 ${ms(r.p50)}, p95 ${ms(r.p95)}, p99 ${ms(r.p99)}, max ${ms(r.max)} (n=${int(r.count)})`,
    `  backlog delivery, per report:               p50 ${ms(b.p50)}, p95 ${ms(b.p95)}, p99 ${ms(b.p99)} (n=${int(b.count)})`,
    `  errors: ${errors.length ? errors.join(', ') : 'none'}`,
    `  verdicts: ${
      Object.entries(step.verdicts)
        .map(([k, n]) => `${k} ${int(n)}`)
        .join(', ') || '—'
    }`,
    `  service: CPU ${s.cpuCores.toFixed(2)} cores, event loop busy ${pct(s.loopBusyMax)}, loop delay p99 ${ms(s.loopDelayP99Ms)}, ` +
      `RSS ${mb(s.rssBytes)}, heap ${mb(s.heapUsedBytes)}, overload 503s ${int(s.overloadRejections)}`,
    `  per report: service CPU ${ms(per.serviceCpuMs)} (event loop ${ms(per.serviceLoopMs)}, store blocking ${ms(per.storeBlockingMs)}, ` +
      `ingest ${ms(s.ingestMsPerReport)}, ${s.handshakesPerReport.toFixed(2)} TLS handshakes, ${pct(s.resumedShare)} resumed), simulator CPU ${ms(per.simulatorCpuMs)}`,
    `  simulator: CPU ${step.simulator.cpuCores.toFixed(2)} cores, worker loops busy ${step.simulator.workerLoopBusy.map(pct).join(' / ')}, ` +
      `delay p99 ${ms(step.simulator.workerDelayP99Ms)}; machine ${step.machine.cores} cores, load ${step.machine.loadBefore.toFixed(1)} → ${step.machine.loadAfter.toFixed(1)}`,
    `  bottleneck: ${step.bottleneck.primary}`,
    ...step.bottleneck.findings.filter((f) => f !== step.bottleneck.primary).map((f) => `              ${f}`),
    `  ${step.sustained ? 'SUSTAINED' : `NOT sustained: ${step.problems.join('; ')}`} — ≙ ${int(step.devicesAtRealCadence)} devices at a real 15-minute cadence`,
  ].join('\n');
}

export function formatSearch(search) {
  const lines = [
    `search (${search.mode}): ${search.steps.length} steps, target p99 < ${search.targetP99Ms} ms and no errors`,
    '| devices | cadence s | offered/s | achieved/s | p50 ms | p99 ms | errors | service loop | service CPU | simulator CPU | sustained |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...search.steps.map(
      (s) =>
        `| ${int(s.devices)} | ${s.cadenceSeconds} | ${s.offeredPerSecond.toFixed(1)} | ${s.achievedPerSecond.toFixed(1)} | ` +
        `${s.latencyMs.report.p50.toFixed(1)} | ${s.latencyMs.report.p99.toFixed(1)} | ${Object.values(s.errors).reduce((n, v) => n + v, 0)} | ` +
        `${pct(s.service.loopBusyMax)} | ${s.service.cpuCores.toFixed(2)} | ${s.simulator.cpuCores.toFixed(2)} | ${s.sustained ? 'yes' : 'no'} |`,
    ),
  ];
  const best = search.best;
  lines.push(
    best
      ? `largest sustained: ${int(best.devices)} devices at ${best.cadenceSeconds} s = ${best.achievedPerSecond.toFixed(1)} reports/s ` +
          `≙ ${int(best.devicesAtRealCadence)} devices at a real 15-minute cadence (p99 ${best.latencyMs.report.p99.toFixed(1)} ms)`
      : 'no step was sustained: start lower (--devices, --cadence-seconds)',
  );
  if (search.limit)
    lines.push(
      `first step past the limit: ${search.limit.problems.join('; ')}`,
      `bottleneck there: ${[search.limit.bottleneck.primary, ...search.limit.bottleneck.findings.filter((f) => f !== search.limit.bottleneck.primary)].join('; ')}`,
    );
  return lines.join('\n');
}
