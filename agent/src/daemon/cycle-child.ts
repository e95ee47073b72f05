/**
 * Worker-thread entry for one daemon cycle. The cycle loads what the idle daemon should not keep
 * (got, the collectors, TLS and signing state) and leaves garbage behind; in a worker all of it
 * goes away with the thread, so the daemon between cycles stays near a bare node process.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AgentConfig } from '../config/index.js';
import { createLogger, errorFields } from '../logging/logger.js';
import { composeRuntime } from '../main.js';
import type { CycleMessage } from './worker-runner.js';

const { config, reason } = workerData as { config: AgentConfig; reason: string };
const log = createLogger({ level: config.logLevel });
const runtime = composeRuntime(config, log);
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
parentPort?.postMessage(message);
