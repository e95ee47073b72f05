/**
 * Runs each daemon cycle in a child process (cycle-child.ts) and relays its result. The cycle
 * loads what the idle daemon should not keep (got, the collectors, TLS, signing) and allocates;
 * a worker thread gave that memory back to V8 but not to the OS (glibc kept the arenas: +10 MB
 * RSS after the first cycle), a process gives everything back when it exits. It also keeps a
 * collector that crashes natively from taking the daemon down with it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AgentConfig } from '../config/index.js';
import type { CycleOutcome } from '../cycle/run-cycle.js';

type Problem = { code: string; message: string };

export interface CycleMessage {
  outcome?: CycleOutcome | null;
  error?: { code?: string; message: string };
  cacheProblem: Problem | null;
  identityProblem: Problem | null;
}

export interface CycleRequest {
  config: AgentConfig;
  reason: string;
}

export class CycleFailedError extends Error {
  readonly code: string;
  constructor(problem: { code?: string; message: string }) {
    super(problem.message);
    this.name = 'CycleFailedError';
    this.code = problem.code ?? 'VIGIL_AGENT_CYCLE_FAILED';
  }
}

export interface CycleRunner {
  run(reason: string): Promise<CycleMessage>;
  /** Ends a cycle still running at shutdown (after the stop timeout). */
  terminate(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./cycle-child.js', import.meta.url));

export function cycleRunner(config: AgentConfig): CycleRunner {
  let current: ChildProcess | null = null;
  return {
    run(reason) {
      return new Promise<CycleMessage>((resolve, reject) => {
        const child = fork(CHILD, [], {
          // Same node, same privileges; a small young generation: the cycle is short.
          execArgv: ['--max-semi-space-size=4'],
          serialization: 'advanced', // Dates and nested objects in the outcome arrive intact
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        current = child;
        let answered = false;
        child.once('message', (message) => {
          answered = true;
          resolve(message as CycleMessage);
        });
        child.once('error', (error) =>
          reject(new CycleFailedError({ code: 'VIGIL_AGENT_CYCLE_FAILED', message: error.message })),
        );
        child.once('exit', (code, signal) => {
          current = null;
          if (!answered)
            reject(
              new CycleFailedError({
                code: 'VIGIL_AGENT_CYCLE_FAILED',
                message: `cycle process exited with ${signal ?? code} before answering`,
              }),
            );
        });
        child.send({ config, reason } satisfies CycleRequest);
      });
    },
    async terminate() {
      current?.kill('SIGKILL');
    },
  };
}
