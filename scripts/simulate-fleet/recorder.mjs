// What the virtual devices observed: latencies, errors by code, verdicts, counts. Each worker
// records into its own Recorder; the main thread merges them. Only the measured window counts
// toward a run's figures; `interval()` gives running counts (progress, soak sampling).

export class Recorder {
  constructor() {
    this.measuring = false;
    this.reset();
    this.sinceInterval = emptyInterval();
    // Since the worker started, warm-ups included: a fork resynced during a warm-up shows here.
    this.totals = { counts: {}, errors: {} };
  }

  reset() {
    this.report = []; // challenge + evidence of a fresh report, ms from its scheduled start
    this.backlog = []; // delivery of one queued (unchallenged) report, ms
    this.errors = {};
    this.counts = { reports: 0, challenged: 0, unchallenged: 0, queued: 0, skipped: 0, resynced: 0 };
    this.verdicts = {};
  }

  latency(kind, ms) {
    if (this.measuring) this[kind].push(ms);
    if (kind === 'report') this.sinceInterval.report.push(ms);
  }

  /** A report the service accepted; `challenged` false for backlog deliveries. */
  accepted(challenged, verdictStatus) {
    this.sinceInterval.reports++;
    if (!this.measuring) return;
    this.counts.reports++;
    this.counts[challenged ? 'challenged' : 'unchallenged']++;
    if (verdictStatus) this.verdicts[verdictStatus] = (this.verdicts[verdictStatus] ?? 0) + 1;
  }

  count(name) {
    this.totals.counts[name] = (this.totals.counts[name] ?? 0) + 1;
    if (this.measuring) this.counts[name]++;
  }

  /** `key` like "503 VIGIL_SERVICE_OVERLOADED" or "ECONNRESET". */
  error(key) {
    this.totals.errors[key] = (this.totals.errors[key] ?? 0) + 1;
    this.sinceInterval.errors[key] = (this.sinceInterval.errors[key] ?? 0) + 1;
    if (this.measuring) this.errors[key] = (this.errors[key] ?? 0) + 1;
  }

  /** The measured window so far, transferable to the main thread. */
  take() {
    const out = {
      report: Float64Array.from(this.report),
      backlog: Float64Array.from(this.backlog),
      errors: this.errors,
      counts: this.counts,
      verdicts: this.verdicts,
      totals: structuredClone(this.totals),
    };
    this.reset();
    return out;
  }

  /** Accepted reports, errors and report latencies since the previous call. */
  interval() {
    const out = { ...this.sinceInterval, report: Float64Array.from(this.sinceInterval.report) };
    this.sinceInterval = emptyInterval();
    return out;
  }
}

const emptyInterval = () => ({ reports: 0, errors: {}, report: [] });

const addInto = (target, source) => {
  for (const [key, n] of Object.entries(source)) target[key] = (target[key] ?? 0) + n;
  return target;
};

/** Merges the recordings of several workers. */
export function mergeRecordings(parts) {
  const concat = (key) => {
    const all = new Float64Array(parts.reduce((n, p) => n + p[key].length, 0));
    let at = 0;
    for (const part of parts) {
      all.set(part[key], at);
      at += part[key].length;
    }
    return all.sort();
  };
  return {
    report: concat('report'),
    backlog: concat('backlog'),
    errors: parts.reduce((acc, p) => addInto(acc, p.errors), {}),
    counts: parts.reduce((acc, p) => addInto(acc, p.counts), {}),
    verdicts: parts.reduce((acc, p) => addInto(acc, p.verdicts), {}),
    totals: {
      counts: parts.reduce((acc, p) => addInto(acc, p.totals.counts), {}),
      errors: parts.reduce((acc, p) => addInto(acc, p.totals.errors), {}),
    },
  };
}

/** Merges interval snapshots of several workers. */
export function mergeIntervals(parts) {
  return {
    reports: parts.reduce((n, p) => n + p.reports, 0),
    errors: parts.reduce((acc, p) => addInto(acc, p.errors), {}),
    report: Float64Array.from(parts.flatMap((p) => [...p.report])).sort(),
  };
}

/** Quantile of a sorted array (nearest rank); NaN when empty. */
export function quantile(sorted, q) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export const errorCount = (errors) => Object.values(errors).reduce((n, v) => n + v, 0);
