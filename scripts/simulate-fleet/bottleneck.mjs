// Where the limit is: the service's single event loop, the machine's CPU (simulator and service
// share it), other jobs on the machine, or the simulator itself. Rules of thumb on the window's
// figures, stated with the numbers so a reader can judge them; the first finding is the primary.
const SATURATED = 0.85;

/**
 * @param service serviceWindow() figures
 * @param simulator {cpuCores, cpuMsPerReport, workerLoopBusy: number[], workerDelayP99Ms}
 * @param machine {cores, loadBefore, loadAfter}
 */
export function findBottleneck({ service, simulator, machine }) {
  const findings = [];
  const pct = (x) => `${Math.round(x * 100)} %`;
  const used = service.cpuCores + simulator.cpuCores;
  const others = machine.loadAfter - used;
  const oversubscribed = others >= 0.5 * machine.cores;
  // Event-loop "busy" counts wall time inside callbacks, including time the process waited for
  // a CPU: a busy loop with little CPU behind it is starved, not saturated.
  if (service.loopBusyMax >= SATURATED && service.cpuCores >= 0.6 * service.loopBusyMax) {
    findings.push(
      `service event loop saturated (busy ${pct(service.loopBusyMax)}, ${service.cpuCores.toFixed(2)} cores of CPU): one process cannot go faster; more replicas or less work per report`,
    );
  }
  if (used >= SATURATED * machine.cores) {
    findings.push(
      `machine CPU saturated: service ${service.cpuCores.toFixed(2)} + simulator ${simulator.cpuCores.toFixed(2)} of ${machine.cores} cores; the simulator competes with the service`,
    );
  }
  if (oversubscribed) {
    findings.push(
      `machine oversubscribed by other jobs: load average ${machine.loadAfter.toFixed(1)} on ${machine.cores} cores while service + simulator use ${used.toFixed(1)}`,
    );
  }
  if (service.loopBusyMax >= SATURATED && service.cpuCores < 0.6 * service.loopBusyMax) {
    findings.push(
      `service starved of CPU: event loop busy ${pct(service.loopBusyMax)} of wall time on only ${service.cpuCores.toFixed(2)} cores of CPU`,
    );
  }
  const workerBusy = Math.max(0, ...simulator.workerLoopBusy);
  if (workerBusy >= SATURATED) {
    findings.push(`simulator saturated (worker loop busy ${pct(workerBusy)}): latencies include simulator queueing`);
  }
  // Below saturation p99 still grows with queueing: name the busiest resource for its capacity.
  const busiest = [
    ['the service event loop (one thread)', service.cpuCores >= 0.6 * service.loopBusyMax ? service.loopBusyMax : 0],
    [`the machine CPU (service + simulator, ${machine.cores} cores)`, used / machine.cores],
    ['the simulator worker loops', workerBusy],
  ].sort((a, b) => b[1] - a[1])[0];
  const none = `none saturated; busiest: ${busiest[0]} at ${pct(busiest[1])}`;
  if (simulator.workerDelayP99Ms >= 20) {
    findings.push(
      `simulator timers ran up to ${simulator.workerDelayP99Ms.toFixed(0)} ms late (p99): part of the measured latency is the simulator's own`,
    );
  }
  const storeShare = service.storeBlockingMsPerReport / Math.max(1e-9, service.loopMsPerReport);
  return {
    primary: findings.length > 0 && !findings[0].startsWith('simulator timers') ? findings[0] : none,
    findings,
    perReport: {
      serviceCpuMs: service.cpuMsPerReport,
      serviceLoopMs: service.loopMsPerReport,
      storeBlockingMs: service.storeBlockingMsPerReport,
      storeShareOfLoop: storeShare,
      simulatorCpuMs: simulator.cpuMsPerReport,
    },
  };
}
