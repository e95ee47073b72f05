/**
 * Notices when the wall clock is stepped (NTP correction, a user setting the time, a VM resumed
 * with a stale clock) by comparing it with the monotonic clock, which never steps. node-cron
 * waits for wall-clock times: after a step back it would sit idle for as long as the step, so
 * the scheduler re-arms itself when this fires (test/faults/clock.test.ts).
 */
export interface ClockWatch {
  stop(): void;
}

export function watchWallClock(options: {
  /** How often to compare the clocks; re-read every time (the interval may change). */
  periodMs: () => number;
  onJump: (jumpMs: number) => Promise<void> | void;
  wall?: () => number;
  monotonic?: () => number;
  /** Differences below this are timer lateness, not a step. */
  toleranceMs?: number;
}): ClockWatch {
  const wall = options.wall ?? Date.now;
  const monotonic = options.monotonic ?? (() => performance.now());
  const tolerance = options.toleranceMs ?? 2000;
  let offset = wall() - monotonic();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const check = async () => {
    const current = wall() - monotonic();
    const jump = current - offset;
    offset = current;
    if (Math.abs(jump) > tolerance) {
      try {
        await options.onJump(jump);
      } catch {
        // The callback logs its own failures; the watch goes on.
      }
    }
    schedule();
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void check(), options.periodMs());
    timer.unref();
  };
  schedule();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
