/**
 * Commands too slow for a posture cycle (`softwareupdate -l` asks Apple's servers; a Windows Update
 * search can take minutes) run in the background on their own cadence. A collector reads the last
 * answer with its age, and waits a little for a refresh only when it has nothing fresh. The store
 * is injectable so the agent can keep answers across restarts; the default lives in memory.
 */
import type { Exec, ExecError, ToolName } from './exec.js';

export interface SlowProbeAnswer {
  /** The command line as run, for evidence. */
  command: string;
  stdout: string;
  stderr: string;
  exitCode: number;
  durationMs: number;
  /** When the command finished: the age of the answer. */
  finishedAt: string;
  /** The request's `inputs` when it ran. */
  inputs?: string;
}

export interface SlowProbeStore {
  get(key: string): Promise<SlowProbeAnswer | undefined>;
  set(key: string, answer: SlowProbeAnswer): Promise<void>;
}

export interface SlowProbeRequest {
  /** Names the answer in the store; default `tool args…` (PowerShell scripts pass their name). */
  key?: string;
  tool: ToolName;
  args: readonly string[];
  /** An answer older than this starts a refresh. */
  maxAgeMs: number;
  /** How long the caller waits for a refresh before taking what it has. */
  waitMs: number;
  /** Time limit of the command itself. */
  timeoutMs: number;
  /**
   * A fingerprint of everything the command's answer depends on (e.g. package lists and the dpkg
   * log for apt): an answer made from other inputs is stale whatever its age, so an unchanged
   * fingerprint lets a slow local command be answered from the store.
   */
  inputs?: string;
}

export interface SlowProbeRead {
  /** The latest answer (possibly stale), or null when the command never completed. */
  answer: SlowProbeAnswer | null;
  /** A refresh is still running in the background. */
  refreshing: boolean;
  /** Why the last refresh failed, if it did. */
  lastError: { code: string; message: string; at: string } | null;
}

export interface SlowProbes {
  read(request: SlowProbeRequest): Promise<SlowProbeRead>;
}

export function createMemorySlowProbeStore(): SlowProbeStore {
  const answers = new Map<string, SlowProbeAnswer>();
  return {
    get: async (key) => answers.get(key),
    set: async (key, answer) => {
      answers.set(key, answer);
    },
  };
}

export const slowProbeKey = (tool: ToolName, args: readonly string[]) => [tool, ...args].join(' ');

export function createSlowProbes(options: {
  exec: Exec<ToolName>;
  store: SlowProbeStore;
  now?: () => Date;
}): SlowProbes {
  const now = options.now ?? (() => new Date());
  const inFlight = new Map<string, Promise<void>>();
  const lastErrors = new Map<string, SlowProbeRead['lastError']>();

  const refresh = (key: string, request: SlowProbeRequest): Promise<void> => {
    const running = inFlight.get(key);
    if (running) return running;
    // Deliberately not bound to a check's abort signal: the refresh outlives the cycle that
    // started it, and the next cycle reads its answer.
    const job = options
      .exec(request.tool, request.args, { timeoutMs: request.timeoutMs })
      .then(async (outcome) => {
        if (outcome.ok) {
          lastErrors.delete(key);
          await options.store.set(key, {
            command: outcome.command,
            stdout: outcome.stdout,
            stderr: outcome.stderr,
            exitCode: outcome.exitCode,
            durationMs: outcome.durationMs,
            finishedAt: now().toISOString(),
            ...(request.inputs !== undefined ? { inputs: request.inputs } : {}),
          });
        } else {
          recordError(key, outcome.error);
        }
      })
      .catch((error: unknown) => recordError(key, error))
      .finally(() => inFlight.delete(key));
    inFlight.set(key, job);
    return job;
  };

  const recordError = (key: string, error: unknown) => {
    const code = (error as ExecError | undefined)?.code ?? 'VIGIL_EXEC_SPAWN_FAILED';
    const message = error instanceof Error ? error.message : String(error);
    lastErrors.set(key, { code, message, at: now().toISOString() });
  };

  return {
    async read(request) {
      const key = request.key ?? slowProbeKey(request.tool, request.args);
      const cached = await options.store.get(key);
      const current = cached && cached.inputs === request.inputs ? cached : undefined;
      const age = current ? now().getTime() - Date.parse(current.finishedAt) : Number.POSITIVE_INFINITY;
      if (!(age <= request.maxAgeMs)) await waitAtMost(refresh(key, request), request.waitMs);
      const latest = await options.store.get(key);
      return {
        // With inputs, an answer about other inputs is not an answer at all (not even a stale one).
        answer: latest && (request.inputs === undefined || latest.inputs === request.inputs) ? latest : null,
        refreshing: inFlight.has(key),
        lastError: lastErrors.get(key) ?? null,
      };
    },
  };
}

async function waitAtMost(job: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, ms));
  });
  try {
    await Promise.race([job, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
