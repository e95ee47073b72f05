/**
 * Time spent in the store, per method, for /metrics: where a request's time goes when the
 * service nears its limit. Two figures, because the SQLite store does its work synchronously
 * under an async interface: `blocking` is the time a call held the event loop before returning
 * its promise (SQLite's real cost, except group-committed ingest batches, which run later in a
 * setImmediate), and `settle` is the time until the promise settled (for PostgreSQL the round
 * trip; for SQLite ingest it includes waiting for the batch, and under load any event-loop
 * queueing, so it is an upper bound, not CPU).
 */
import type { Store } from '../store/types.js';
import type { Metrics } from './metrics.js';

interface Timing {
  calls: number;
  blocking: number;
  settle: number;
}

export function timeStoreCalls(store: Store, metrics: Metrics): Store {
  const timings = new Map<string, Timing>();
  const wrapped = new Map<PropertyKey, unknown>();

  const wrap = (name: string, method: (...args: unknown[]) => unknown) =>
    function timed(this: unknown, ...args: unknown[]): unknown {
      const timing = timings.get(name) ?? { calls: 0, blocking: 0, settle: 0 };
      timings.set(name, timing);
      timing.calls++;
      const started = performance.now();
      const result = method.apply(store, args);
      const returned = performance.now();
      timing.blocking += returned - started;
      if (!(result instanceof Promise)) {
        timing.settle += returned - started;
        return result;
      }
      const settled = () => {
        timing.settle += performance.now() - started;
      };
      result.then(settled, settled);
      return result;
    };

  metrics.addCollector(() => {
    const rows = [...timings];
    const family = (name: string, help: string, value: (t: Timing) => number) => [
      `# HELP ${name} ${help}`,
      `# TYPE ${name} counter`,
      ...rows.map(([method, t]) => `${name}{method="${method}"} ${value(t)}`),
    ];
    return [
      ...family('vigil_store_calls_total', 'Store calls by method.', (t) => t.calls),
      ...family(
        'vigil_store_blocking_seconds_total',
        'Time store calls held the event loop before returning.',
        (t) => t.blocking / 1000,
      ),
      ...family(
        'vigil_store_settle_seconds_total',
        'Time from a store call until its promise settled (includes queueing).',
        (t) => t.settle / 1000,
      ),
    ].join('\n');
  });

  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string' || property === 'close') return value;
      let timed = wrapped.get(property);
      if (!timed) {
        timed = wrap(property, value as (...args: unknown[]) => unknown);
        wrapped.set(property, timed);
      }
      return timed;
    },
  });
}
