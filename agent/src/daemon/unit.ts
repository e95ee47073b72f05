/**
 * Long-running parts are named `{start, stop}` units. Started in order, stopped in reverse, each
 * stop bounded by a timeout so one stuck part cannot hold the daemon past its service manager's
 * kill deadline.
 */
import { errorFields, type Logger } from '../logging/logger.js';

export interface Unit {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface UnitGroup {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function unitGroup(units: readonly Unit[], options: { log: Logger; stopTimeoutMs: number }): UnitGroup {
  const started: Unit[] = [];
  const stopAll = async (): Promise<void> => {
    while (started.length > 0) {
      const unit = started.pop()!;
      const outcome = await withTimeout(unit.stop(), options.stopTimeoutMs);
      if (outcome === 'timeout')
        options.log.warn({ unit: unit.name, timeout_ms: options.stopTimeoutMs }, 'unit did not stop in time');
      else if (outcome instanceof Error)
        options.log.warn({ unit: unit.name, error: errorFields(outcome) }, 'unit failed to stop');
    }
  };
  return {
    async start() {
      for (const unit of units) {
        try {
          await unit.start();
          started.push(unit);
        } catch (error) {
          options.log.error({ unit: unit.name, error: errorFields(error) }, 'unit failed to start');
          await stopAll();
          throw error;
        }
      }
    },
    stop: stopAll,
  };
}

async function withTimeout(promise: Promise<void>, ms: number): Promise<'done' | 'timeout' | Error> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([promise.then(() => 'done' as const), timeout]);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  } finally {
    clearTimeout(timer);
  }
}
