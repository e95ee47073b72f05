/**
 * Runs the tray's refresh now and then every interval, never two at once. `nudge` pulls the next
 * run forward (after "Check now"); `stop` waits for a run in progress, for a clean quit.
 */
export interface Poller {
  start(): void;
  stop(): Promise<void>;
  nudge(delayMs: number): void;
}

export function createPoller(
  task: () => Promise<void>,
  intervalMs: number,
  onError: (error: unknown) => void = () => {},
): Poller {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  const schedule = (delayMs: number): void => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(run, delayMs);
  };
  const run = (): void => {
    if (running) return; // a nudge during a run: the run's own reschedule covers it
    running = task()
      .catch(onError)
      .finally(() => {
        running = undefined;
        schedule(intervalMs);
      });
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      run();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
    nudge(delayMs) {
      if (!running) schedule(delayMs);
    },
  };
}
