/**
 * Child-process entry for one daemon cycle (see cycle-runner.ts): receives the resolved config,
 * runs the cycle, sends the outcome and exits. If the daemon dies first, the IPC channel closes
 * and the cycle stops with it: no orphan keeps pushing. An interrupted cycle is the same case as
 * a kill -9 of the daemon, which the cache and the idempotent push are built to survive.
 */
import { createLogger, errorFields } from '../logging/logger.js';
import { composeRuntime } from '../main.js';
import type { CycleMessage, CycleRequest } from './cycle-runner.js';

process.once('disconnect', () => process.exit(0));
const { config, reason } = await new Promise<CycleRequest>((resolve) =>
  process.once('message', (message) => resolve(message as CycleRequest)),
);
const log = createLogger({ level: config.logLevel });
const runtime = composeRuntime(config, log, { cycleProcess: true });
let message: CycleMessage;
try {
  const outcome = await runtime.job.run(reason);
  message = { outcome, cacheProblem: runtime.caches.problem(), identityProblem: runtime.job.identityProblem() };
} catch (error) {
  message = {
    error: errorFields(error),
    cacheProblem: runtime.caches.problem(),
    identityProblem: runtime.job.identityProblem(),
  };
} finally {
  runtime.caches.close();
}
process.send?.(message, () => process.disconnect());
