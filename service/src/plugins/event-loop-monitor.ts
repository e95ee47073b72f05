/**
 * How far behind the event loop runs. A timer that should fire every SAMPLE_MS measures how late
 * it fires: that lateness is the delay every request waiting on the loop suffers right now.
 * Overload protection acts on the *sustained* delay, the smaller of the last two samples: one
 * long synchronous task (a key generation, a big policy parse) makes a single late sample and
 * should not turn traffic away, while a loop that keeps falling behind makes every sample late.
 * The same samples, over fixed 10 s windows, give the p50/p99/max for /metrics (one timer, 20
 * wake-ups a second, rather than a 100 Hz perf_hooks histogram besides it); event-loop
 * utilisation gives the loop's busy time (how close the single thread is to saturation).
 */
import { performance } from 'node:perf_hooks';

const SAMPLE_MS = 50;
const WINDOW_SAMPLES = 10_000 / SAMPLE_MS;

export interface EventLoopWindow {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export class EventLoopMonitor {
  private timer: NodeJS.Timeout | undefined;
  private lag = 0;
  private previousLag = 0;
  private samples: number[] = [];
  private last: EventLoopWindow = { p50Ms: 0, p99Ms: 0, maxMs: 0 };

  start(): void {
    if (this.timer) return;
    const tick = (expected: number) => {
      const now = performance.now();
      this.previousLag = this.lag;
      this.lag = Math.max(0, now - expected);
      this.samples.push(this.lag);
      if (this.samples.length >= WINDOW_SAMPLES) this.closeWindow();
      this.timer = setTimeout(tick, SAMPLE_MS, now + SAMPLE_MS).unref();
    };
    this.timer = setTimeout(tick, SAMPLE_MS, performance.now() + SAMPLE_MS).unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Lateness of the last sample, ms: the current event-loop delay. */
  delayMs(): number {
    return this.lag;
  }

  /** The smaller of the last two samples, ms: a delay that has lasted, not a single stall. */
  sustainedDelayMs(): number {
    return Math.min(this.lag, this.previousLag);
  }

  /** Percentiles of the delay over the last completed window. */
  window(): EventLoopWindow {
    return this.last;
  }

  /** Total time the loop has been busy since the process started, seconds. */
  activeSeconds(): number {
    return performance.eventLoopUtilization().active / 1000;
  }

  private closeWindow(): void {
    const sorted = this.samples.sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    this.last = { p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1) };
    this.samples = [];
  }
}
