// The service's own view, from its Prometheus /metrics (works for a local or a remote service):
// CPU, event-loop busy time and delay, memory, store time, requests and overload rejections.
// Two scrapes make a window; figures are per second of wall time or per accepted report.
import { Agent, request } from 'node:https';

/** Scrapes every replica; returns one parsed sample per URL ({series: Map, at: ms}). */
export async function scrape(urls, ca) {
  return Promise.all(urls.map((url) => scrapeOne(url, ca)));
}

function scrapeOne(url, ca) {
  const agent = new Agent({ ca, minVersion: 'TLSv1.2' });
  return new Promise((resolve, reject) => {
    const req = request(`${url}/metrics`, { agent, timeout: 30_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        agent.destroy();
        if (res.statusCode !== 200) reject(new Error(`${url}/metrics: HTTP ${res.statusCode}`));
        else resolve({ series: parse(text), at: performance.now() });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${url}/metrics: timed out`)));
    req.on('error', (error) => {
      agent.destroy();
      reject(error);
    });
    req.end();
  });
}

/** Prometheus text → Map of `name{labels}` → value (HELP/TYPE lines skipped). */
export function parse(text) {
  const series = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    series.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return series;
}

const sum = (sample, prefix) => {
  let total = 0;
  for (const [key, value] of sample.series) if (key === prefix || key.startsWith(`${prefix}{`)) total += value;
  return total;
};
const get = (sample, key) => sample.series.get(key) ?? Number.NaN;

/** Figures for the window between two scrapes of each replica (summed or maxed across them). */
export function serviceWindow(before, after) {
  const replicas = before.map((b, i) => {
    const a = after[i];
    const seconds = (a.at - b.at) / 1000;
    const delta = (prefix) => sum(a, prefix) - sum(b, prefix);
    const ingestCount = delta('vigil_ingest_duration_seconds_count');
    return {
      seconds,
      cpuCores: delta('process_cpu_seconds_total') / seconds,
      loopBusy: delta('vigil_event_loop_active_seconds_total') / seconds,
      loopDelayP99Ms: get(a, 'nodejs_eventloop_lag_seconds{quantile="0.99"}') * 1000,
      loopDelayMaxMs: get(a, 'nodejs_eventloop_lag_seconds{quantile="1"}') * 1000,
      rssBytes: get(a, 'process_resident_memory_bytes'),
      heapUsedBytes: get(a, 'nodejs_heap_size_used_bytes'),
      ingestCount,
      ingestMsPerReport: (delta('vigil_ingest_duration_seconds_sum') * 1000) / Math.max(1, ingestCount),
      storeBlockingMs: delta('vigil_store_blocking_seconds_total') * 1000,
      storeSettleMs: delta('vigil_store_settle_seconds_total') * 1000,
      cpuMs: delta('process_cpu_seconds_total') * 1000,
      loopMs: delta('vigil_event_loop_active_seconds_total') * 1000,
      overloadRejections: delta('vigil_overload_rejections_total'),
      handshakes: delta('vigil_tls_handshakes_total'),
      resumedHandshakes: delta('vigil_tls_resumed_handshakes_total'),
      openConnections: get(a, 'vigil_open_connections'),
      inFlightLimit: get(a, 'vigil_http_max_in_flight_requests'),
    };
  });
  const total = (key) => replicas.reduce((n, r) => n + r[key], 0);
  const max = (key) => Math.max(...replicas.map((r) => r[key]));
  const reports = Math.max(1, total('ingestCount'));
  return {
    replicas: replicas.length,
    cpuCores: total('cpuCores'),
    loopBusyMax: max('loopBusy'),
    loopDelayP99Ms: max('loopDelayP99Ms'),
    loopDelayMaxMs: max('loopDelayMaxMs'),
    rssBytes: total('rssBytes'),
    heapUsedBytes: total('heapUsedBytes'),
    ingestMsPerReport: replicas.reduce((n, r) => n + r.ingestMsPerReport * r.ingestCount, 0) / reports,
    cpuMsPerReport: total('cpuMs') / reports,
    loopMsPerReport: total('loopMs') / reports,
    storeBlockingMsPerReport: total('storeBlockingMs') / reports,
    storeSettleMsPerReport: total('storeSettleMs') / reports,
    overloadRejections: total('overloadRejections'),
    handshakesPerReport: total('handshakes') / reports,
    resumedShare: total('resumedHandshakes') / Math.max(1, total('handshakes')),
    openConnections: total('openConnections'),
  };
}

/** Memory of each replica now (soak sampling). */
export const memory = (samples) =>
  samples.map((s) => ({
    rssBytes: get(s, 'process_resident_memory_bytes'),
    heapUsedBytes: get(s, 'nodejs_heap_size_used_bytes'),
  }));
