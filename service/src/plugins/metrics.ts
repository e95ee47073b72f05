/**
 * Prometheus text exposition (format 0.0.4): requests, rejections by code, ingest latency,
 * devices by state, process CPU and memory, and whatever plugins add through `addCollector`
 * (overload protection, store timing). Hand-rolled: a handful of counters does not justify a
 * dependency. Process metrics use the names of the usual Node exporters so dashboards work.
 */
const INGEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly rejections = new Map<string, number>();
  private readonly bucketCounts = INGEST_BUCKETS.map(() => 0);
  private ingestCount = 0;
  private ingestSum = 0;
  private readonly collectors: (() => string)[] = [];

  /** Adds lines (HELP/TYPE included) to every rendering. */
  addCollector(collect: () => string): void {
    this.collectors.push(collect);
  }

  countRequest(method: string, route: string, status: number): void {
    const key = `method="${label(method)}",route="${label(route)}",status="${status}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  countRejection(code: string): void {
    this.rejections.set(code, (this.rejections.get(code) ?? 0) + 1);
  }

  observeIngest(seconds: number): void {
    this.ingestCount++;
    this.ingestSum += seconds;
    INGEST_BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) this.bucketCounts[i] = (this.bucketCounts[i] ?? 0) + 1;
    });
  }

  render(devicesByState: Record<string, number>): string {
    const lines: string[] = [
      '# HELP vigil_http_requests_total HTTP requests by method, route and status.',
      '# TYPE vigil_http_requests_total counter',
      ...[...this.requests].map(([labels, n]) => `vigil_http_requests_total{${labels}} ${n}`),
      '# HELP vigil_rejections_total Requests rejected, by error code.',
      '# TYPE vigil_rejections_total counter',
      ...[...this.rejections].map(([code, n]) => `vigil_rejections_total{code="${label(code)}"} ${n}`),
      '# HELP vigil_ingest_duration_seconds Time to verify, appraise and store one evidence report.',
      '# TYPE vigil_ingest_duration_seconds histogram',
      ...INGEST_BUCKETS.map(
        (bound, i) => `vigil_ingest_duration_seconds_bucket{le="${bound}"} ${this.bucketCounts[i] ?? 0}`,
      ),
      `vigil_ingest_duration_seconds_bucket{le="+Inf"} ${this.ingestCount}`,
      `vigil_ingest_duration_seconds_sum ${this.ingestSum}`,
      `vigil_ingest_duration_seconds_count ${this.ingestCount}`,
      '# HELP vigil_devices Enrolled devices by state (stale = active but silent for too many intervals).',
      '# TYPE vigil_devices gauge',
      ...['active', 'stale', 'banned', 'retired'].map(
        (state) => `vigil_devices{state="${state}"} ${devicesByState[state] ?? 0}`,
      ),
      ...processLines(),
      ...this.collectors.map((collect) => collect()),
    ];
    return `${lines.join('\n')}\n`;
  }
}

function processLines(): string[] {
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  const metric = (name: string, type: 'gauge' | 'counter', help: string, value: number) =>
    `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${value}`;
  return [
    metric('process_cpu_user_seconds_total', 'counter', 'User CPU time, all threads.', cpu.user / 1e6),
    metric('process_cpu_system_seconds_total', 'counter', 'System CPU time, all threads.', cpu.system / 1e6),
    metric(
      'process_cpu_seconds_total',
      'counter',
      'User and system CPU time, all threads.',
      (cpu.user + cpu.system) / 1e6,
    ),
    metric('process_resident_memory_bytes', 'gauge', 'Resident set size.', memory.rss),
    metric('nodejs_heap_size_total_bytes', 'gauge', 'V8 heap size.', memory.heapTotal),
    metric('nodejs_heap_size_used_bytes', 'gauge', 'V8 heap in use.', memory.heapUsed),
    metric(
      'nodejs_external_memory_bytes',
      'gauge',
      'Memory of C++ objects bound to JS (buffers, sockets).',
      memory.external,
    ),
    metric('process_start_time_seconds', 'gauge', 'Start time, Unix seconds.', START_TIME_SECONDS),
  ];
}

const START_TIME_SECONDS = Math.round(Date.now() / 1000 - process.uptime());

function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
