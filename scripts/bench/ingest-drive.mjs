// Load driver for the ingest benchmark. Closed loop (each client starts its next cycle as soon
// as the previous ends) measures throughput; paced mode (a fixed aggregate rate, each client on
// its own schedule) measures latency at a given load. Paced latency is counted from the
// *scheduled* start, so a slow server cannot hide queueing delay (no coordinated omission).

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * @param {object[]} fleet simulated clients (each with one kept-alive connection)
 * @param {(client: object) => Promise<void>} step one cycle
 * @param {{ seconds: number, warmupSeconds?: number, rate?: number, mark?: () => Promise<void> }} options
 * Returns, besides the figures, `driverCpuMicros`: this process's CPU time (all threads: TLS
 * client, signing in the threadpool) over the measured window, the load generator's share of
 * the machine.
 */
export async function drive(fleet, step, options) {
  const { seconds, warmupSeconds = 1, rate } = options;
  const latencies = [];
  const firstErrors = [];
  let errors = 0;
  let measuring = false;
  let stop = false;
  const interval = rate ? (fleet.length / rate) * 1000 : 0;
  // Paced runs first complete one cycle per client, so TLS handshakes and first-request costs
  // do not land inside a schedule that, at low rates, gives each client only a few cycles.
  if (rate) await Promise.allSettled(fleet.map((client) => step(client)));
  const origin = performance.now();
  const loops = fleet.map(async (client, index) => {
    let next = origin + (interval * index) / fleet.length;
    while (!stop) {
      // Node's timers run on a whole-millisecond clock and can fire up to 1 ms early.
      if (rate) while (performance.now() < next) await sleep(next - performance.now());
      const scheduled = rate ? next : performance.now();
      next += interval;
      try {
        await step(client);
        if (measuring) latencies.push(performance.now() - scheduled);
      } catch (error) {
        if (measuring) errors++;
        if (firstErrors.length < 5) firstErrors.push(String(error));
        if (!measuring) await sleep(50);
      }
    }
  });
  await sleep(warmupSeconds * 1000);
  await options.mark?.();
  measuring = true;
  const begin = performance.now();
  const cpuBegin = process.cpuUsage();
  await sleep(seconds * 1000);
  measuring = false;
  const cpu = process.cpuUsage(cpuBegin);
  const elapsed = (performance.now() - begin) / 1000;
  stop = true;
  await Promise.all(loops);
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return {
    cycles: latencies.length,
    seconds: elapsed,
    perSecond: latencies.length / elapsed,
    p50: at(0.5),
    p99: at(0.99),
    errors,
    firstErrors,
    driverCpuMicros: cpu.user + cpu.system,
  };
}
