/**
 * Overload protection: a request that arrives while too many are already in flight, or while
 * the event loop keeps running too far behind (event-loop-monitor.ts), is answered at once with
 * 503 `VIGIL_SERVICE_OVERLOADED` and a jittered `Retry-After`, before its body is read. The
 * service then never queues work without bound and turning a request away costs almost nothing,
 * so it recovers as soon as the surge passes. Per-device floods are a separate matter
 * (challenges answer 429). Health, readiness and metrics are exempt.
 */
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ServiceSettings } from '../config.js';
import { EventLoopMonitor } from './event-loop-monitor.js';
import type { Metrics } from './metrics.js';

export const OVERLOAD_CODE = 'VIGIL_SERVICE_OVERLOADED';
export type OverloadReason = 'in_flight' | 'event_loop_delay';

// Probes and scrapes always get a real answer: a load balancer must not read overload as "not
// ready" on every replica at once, and operators need /metrics most when the service is busy.
const EXEMPT_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);
/** Shedding is logged at most this often, with a count, so a surge does not flood the log. */
const LOG_EVERY_MS = 10_000;

type OverloadSettings = Pick<
  ServiceSettings,
  'maxInFlightRequests' | 'maxEventLoopDelayMs' | 'overloadRetryAfterSeconds'
>;

export function installOverloadProtection(
  app: FastifyInstance,
  settings: OverloadSettings,
  metrics: Metrics,
  random: () => number = Math.random,
): void {
  const monitor = new EventLoopMonitor();
  monitor.start();
  app.addHook('onClose', async () => monitor.stop());

  // Connections are load too: a new mTLS connection costs the loop more CPU than the ingest it
  // carries (docs/benchmarks.md, fleet simulation), so both are exposed.
  let openConnections = 0;
  let handshakes = 0;
  app.server.on('connection', (socket: Socket) => {
    openConnections++;
    socket.once('close', () => openConnections--);
  });
  let resumed = 0;
  app.server.on('secureConnection', (socket: TLSSocket) => {
    handshakes++;
    if (socket.isSessionReused()) resumed++;
  });

  let inFlight = 0;
  const rejected: Record<OverloadReason, number> = { in_flight: 0, event_loop_delay: 0 };
  let unlogged = 0;
  let lastLogAt = 0;

  app.addHook('onRequest', async (request, reply) => {
    if (EXEMPT_ROUTES.has(request.routeOptions.url ?? '')) return;
    const reason: OverloadReason | undefined =
      inFlight >= settings.maxInFlightRequests
        ? 'in_flight'
        : monitor.sustainedDelayMs() > settings.maxEventLoopDelayMs
          ? 'event_loop_delay'
          : undefined;
    if (reason) {
      rejected[reason]++;
      unlogged++;
      metrics.countRejection(OVERLOAD_CODE);
      const now = Date.now();
      if (now - lastLogAt >= LOG_EVERY_MS) {
        request.log.warn(
          {
            reason,
            in_flight: inFlight,
            event_loop_delay_ms: Math.round(monitor.sustainedDelayMs()),
            rejected: unlogged,
          },
          'service overloaded; shedding requests',
        );
        lastLogAt = now;
        unlogged = 0;
      }
      return shed(reply, settings.overloadRetryAfterSeconds, random);
    }
    inFlight++;
    let released = false;
    // 'close' also fires when the client goes away mid-request, so an abandoned request
    // cannot hold its slot; 'finish' covers inject(), whose response may never emit 'close'.
    const release = () => {
      if (released) return;
      released = true;
      inFlight--;
    };
    reply.raw.once('finish', release);
    reply.raw.once('close', release);
  });

  metrics.addCollector(() => {
    const loop = monitor.window();
    return [
      gauge('vigil_http_in_flight_requests', 'Requests being served now (health and metrics excluded).', inFlight),
      gauge(
        'vigil_http_max_in_flight_requests',
        'In-flight limit; past it requests get 503.',
        settings.maxInFlightRequests,
      ),
      gauge(
        'vigil_event_loop_delay_seconds',
        'Current event-loop delay (lateness of a 50 ms timer).',
        monitor.delayMs() / 1000,
      ),
      gauge(
        'vigil_event_loop_delay_limit_seconds',
        'Event-loop delay past which requests get 503.',
        settings.maxEventLoopDelayMs / 1000,
      ),
      gauge('vigil_open_connections', 'Client connections open now.', openConnections),
      '# HELP vigil_tls_handshakes_total TLS handshakes completed.',
      '# TYPE vigil_tls_handshakes_total counter',
      `vigil_tls_handshakes_total ${handshakes}`,
      '# HELP vigil_tls_resumed_handshakes_total TLS handshakes that resumed an earlier session (no certificate exchange).',
      '# TYPE vigil_tls_resumed_handshakes_total counter',
      `vigil_tls_resumed_handshakes_total ${resumed}`,
      '# HELP vigil_overload_rejections_total Requests answered 503 VIGIL_SERVICE_OVERLOADED, by reason.',
      '# TYPE vigil_overload_rejections_total counter',
      ...Object.entries(rejected).map(([reason, n]) => `vigil_overload_rejections_total{reason="${reason}"} ${n}`),
      '# HELP nodejs_eventloop_lag_seconds Event-loop delay (50 ms timer lateness) percentiles over the last 10 s window.',
      '# TYPE nodejs_eventloop_lag_seconds gauge',
      `nodejs_eventloop_lag_seconds{quantile="0.5"} ${loop.p50Ms / 1000}`,
      `nodejs_eventloop_lag_seconds{quantile="0.99"} ${loop.p99Ms / 1000}`,
      `nodejs_eventloop_lag_seconds{quantile="1"} ${loop.maxMs / 1000}`,
      '# HELP vigil_event_loop_active_seconds_total Time the event loop was busy (utilisation = rate of this).',
      '# TYPE vigil_event_loop_active_seconds_total counter',
      `vigil_event_loop_active_seconds_total ${monitor.activeSeconds()}`,
    ].join('\n');
  });
}

function shed(reply: FastifyReply, base: number, random: () => number): FastifyReply {
  // Jittered within [base, 2 × base] so a fleet turned away together does not return together.
  const retryAfter = base + Math.floor(random() * (base + 1));
  return reply
    .status(503)
    .header('retry-after', String(retryAfter))
    .type('application/json; charset=utf-8')
    .send({ code: OVERLOAD_CODE, message: `service overloaded; retry after ${retryAfter} s` });
}

function gauge(name: string, help: string, value: number): string {
  return `# HELP ${name} ${help}\n# TYPE ${name} gauge\n${name} ${value}`;
}
