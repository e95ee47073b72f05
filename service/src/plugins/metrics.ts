/**
 * Prometheus text exposition (format 0.0.4): requests, rejections by code, ingest latency,
 * devices by state. Hand-rolled: a handful of counters does not justify a dependency.
 */
const INGEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly rejections = new Map<string, number>();
  private readonly bucketCounts = INGEST_BUCKETS.map(() => 0);
  private ingestCount = 0;
  private ingestSum = 0;

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
    ];
    return `${lines.join('\n')}\n`;
  }
}

function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
