/** Runs one cycle in a worker thread (see cycle-worker.ts) and relays its result. */
import { Worker } from 'node:worker_threads';
import type { AgentConfig } from '../config/index.js';
import type { CycleOutcome } from '../cycle/run-cycle.js';

type Problem = { code: string; message: string };

export interface CycleMessage {
  outcome?: CycleOutcome | null;
  error?: { code?: string; message: string };
  cacheProblem: Problem | null;
  identityProblem: Problem | null;
}

export class CycleFailedError extends Error {
  readonly code: string;
  constructor(problem: { code?: string; message: string }) {
    super(problem.message);
    this.name = 'CycleFailedError';
    this.code = problem.code ?? 'VIGIL_AGENT_CYCLE_FAILED';
  }
}

export interface WorkerRunner {
  run(reason: string): Promise<CycleMessage>;
  /** Ends a cycle still running at shutdown (after the stop timeout). */
  terminate(): Promise<void>;
}

export function workerRunner(config: AgentConfig): WorkerRunner {
  let current: Worker | null = null;
  return {
    run(reason) {
      return new Promise<CycleMessage>((resolve, reject) => {
        // A small young generation: the cycle is short, and less heap means less to hand back.
        const worker = new Worker(new URL('./cycle-worker.js', import.meta.url), {
          workerData: { config, reason },
          resourceLimits: { maxYoungGenerationSizeMb: 8 },
        });
        current = worker;
        let answered = false;
        worker.once('message', (message: CycleMessage) => {
          answered = true;
          resolve(message);
        });
        worker.once('error', (error) =>
          reject(new CycleFailedError({ code: 'VIGIL_AGENT_CYCLE_FAILED', message: error.message })),
        );
        worker.once('exit', (code) => {
          current = null;
          if (!answered)
            reject(
              new CycleFailedError({
                code: 'VIGIL_AGENT_CYCLE_FAILED',
                message: `cycle worker exited with ${code} before answering`,
              }),
            );
        });
      });
    },
    async terminate() {
      await current?.terminate();
    },
  };
}
