/**
 * Runs the collection cycle on a node-cron schedule, jittered and single-flight: a scheduled
 * tick, a "check now" and the start-up run never overlap; a request that arrives during a run
 * joins it. Per-check time limits live in the collectors, so one slow check cannot hold up the
 * others; the whole cycle has no timeout of its own beyond the push client's.
 */
import type { ScheduledTask } from 'node-cron';
import { errorFields, type Logger } from '../logging/logger.js';
import { watchWallClock, type ClockWatch } from './clock-watch.js';
import { cronPlanFor, jitterMs } from './cron-expression.js';

export type RunReason = 'startup' | 'schedule' | 'check-now' | 'renewal';

export interface SchedulerOptions {
  intervalSeconds: number;
  jitterSeconds: number;
  /** Where in each interval this device runs, in [0, 1) (see cron-expression.ts). */
  phase?: number;
  run: (reason: RunReason) => Promise<void>;
  log: Logger;
  now?: () => number;
}

export interface Scheduler {
  start(options?: { runNow?: boolean }): Promise<void>;
  stop(): Promise<void>;
  /** Runs a cycle now, or joins the one in flight. Never rejects (failures are logged). */
  runNow(reason: RunReason): Promise<void>;
  setIntervalSeconds(seconds: number): Promise<void>;
  intervalSeconds(): number;
  nextRunAt(): Date | null;
  busy(): boolean;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const now = options.now ?? Date.now;
  let interval = options.intervalSeconds;
  let task: ScheduledTask | null = null;
  let inFlight: Promise<void> | null = null;
  let lastStartedAt = 0;
  let stopped = false;
  let clockWatch: ClockWatch | null = null;

  const runNow = (reason: RunReason): Promise<void> => {
    if (inFlight) return inFlight;
    if (stopped) return Promise.resolve();
    lastStartedAt = now();
    inFlight = options
      .run(reason)
      .catch((error: unknown) =>
        options.log.error({ error: errorFields(error), reason }, 'cycle failed; next attempt on schedule'),
      )
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };

  const arm = async (): Promise<void> => {
    const { default: cron } = await import('node-cron');
    const plan = cronPlanFor(interval, options.phase ?? 0);
    task = cron.createTask(
      plan.expression,
      async () => {
        // Coarse ticks (odd intervals) fire early; run only once the interval has passed.
        if (plan.needsDueCheck && now() - lastStartedAt < interval * 1000 - 500) return;
        await runNow('schedule');
      },
      { name: 'vigil-cycle', noOverlap: true, maxRandomDelay: jitterMs(interval, options.jitterSeconds) },
    );
    await task.start();
  };

  const disarm = async (): Promise<void> => {
    const current = task;
    task = null;
    if (current) await current.destroy();
  };

  // Checked at least every minute, and every interval when shorter, so a step back delays a cycle
  // by at most that much.
  const watchClock = () =>
    watchWallClock({
      periodMs: () => Math.min(Math.max(interval, 1), 60) * 1000,
      wall: now,
      onJump: async (jumpMs) => {
        options.log.warn({ jump_seconds: Math.round(jumpMs / 1000) }, 'wall clock jumped; schedule re-armed');
        lastStartedAt += jumpMs;
        if (task && !stopped) {
          await disarm();
          await arm();
        }
      },
    });

  return {
    async start(startOptions = {}) {
      stopped = false;
      await arm();
      clockWatch ??= watchClock();
      if (startOptions.runNow ?? true) void runNow('startup');
    },
    async stop() {
      stopped = true;
      clockWatch?.stop();
      clockWatch = null;
      await disarm();
      if (inFlight) await inFlight;
    },
    runNow,
    async setIntervalSeconds(seconds) {
      if (seconds === interval) return;
      options.log.info({ interval_seconds: seconds, previous_seconds: interval }, 'report interval changed');
      interval = seconds;
      if (task) {
        await disarm();
        await arm();
      }
    },
    intervalSeconds: () => interval,
    nextRunAt: () => task?.getNextRun() ?? null,
    busy: () => inFlight !== null,
  };
}
