/**
 * Runs the collectors of one platform in parallel, each under its own time budget. A slow,
 * throwing or malformed collector becomes an `error` observation for its check only: it never
 * blocks the others and is never a pass. On timeout the check's processes are killed through
 * the abort signal handed to exec.
 */
import {
  CHECK_IDS,
  ObservationsSchema,
  type CheckId,
  type Observation,
  type Observations,
  type Platform,
} from '@vigil/shared/core';
import type { CollectorIO } from '../platform/io.js';
import { errorObservation, unsupportedObservation } from './observation.js';
import { COLLECTORS, collectorFor, type Collector, type CollectorRegistry } from './registry.js';

export const DEFAULT_CHECK_TIMEOUT_MS = 10_000;
const PERMISSION_DENIED = 'VIGIL_COLLECT_PERMISSION_DENIED';

export interface CollectPostureOptions {
  platform: Platform;
  io: CollectorIO;
  only?: readonly CheckId[];
  /** Per check, for every check. Default: the registry entry's own budget, else 10 s. */
  timeoutMs?: number;
  /** For tests; defaults to the real registry. */
  registry?: CollectorRegistry;
  /**
   * False when the agent runs as a regular user (the personal mode's user-mode agent). A check
   * the OS refused for lack of root/administrator rights is then `unsupported` with that reason:
   * it cannot be read by design, which is not a failure of the check.
   */
  privileged?: boolean;
}

/** The wording follows the platform: "administrator rights" on Windows, "root" elsewhere. */
function unprivilegedReason(platform: Platform, message: string): string {
  const rights = platform === 'win32' ? 'administrator rights' : 'root';
  return `needs ${rights}, and this Vigil agent runs as a regular user (user-mode agent): ${message}`;
}

/**
 * The same IO, with every exec bound to the check's abort signal. Slow probes are not: their
 * background refresh must outlive the cycle that started it.
 */
function boundTo(io: CollectorIO, signal: AbortSignal): CollectorIO {
  return {
    exec: (tool, args, options) => io.exec(tool, args, { ...options, signal }),
    readFile: (path, options) => io.readFile(path, options),
    readDir: (path) => io.readDir(path),
    stat: (path) => io.stat(path),
    now: () => io.now(),
    session: io.session,
    slowProbes: io.slowProbes,
    agent: io.agent,
  };
}

async function runWithBudget<C extends CheckId>(
  check: C,
  collect: Collector<C>,
  io: CollectorIO,
  timeoutMs: number,
): Promise<Observation<C>> {
  const startedAt = io.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([collect(boundTo(io, controller.signal)), timedOut]);
    if (outcome === 'timeout') {
      controller.abort();
      return errorObservation<C>('VIGIL_COLLECT_TIMEOUT', `${check}: no result within ${timeoutMs} ms`, io.now(), {
        startedAt,
      });
    }
    const valid = ObservationsSchema.shape[check].safeParse(outcome);
    if (!valid.success) {
      const problem = valid.error.issues[0];
      const where = problem ? `${problem.path.join('.')}: ${problem.message}` : 'schema mismatch';
      return errorObservation<C>(
        'VIGIL_COLLECT_INVALID_OBSERVATION',
        `${check}: collector produced an invalid observation (${where})`,
        io.now(),
        { startedAt },
      );
    }
    return outcome;
  } catch (error) {
    controller.abort(); // stop anything the collector left running
    const message = error instanceof Error ? error.message : String(error);
    return errorObservation<C>('VIGIL_COLLECT_FAILED', `${check}: ${message}`, io.now(), { startedAt });
  } finally {
    clearTimeout(timer);
  }
}

export async function collectPosture(options: CollectPostureOptions): Promise<Observations> {
  const { platform, io } = options;
  const registry = options.registry ?? COLLECTORS;
  const checks = CHECK_IDS.filter((check) => !options.only || options.only.includes(check));
  const entries = await Promise.all(
    checks.map(async <C extends CheckId>(check: C) => {
      const entry = collectorFor(check, platform, registry);
      let observation: Observation<C> =
        'unsupported' in entry
          ? unsupportedObservation<C>(entry.unsupported, io.now())
          : await runWithBudget(
              check,
              entry.collect,
              io,
              options.timeoutMs ?? entry.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS,
            );
      if (options.privileged === false && observation.state === 'error' && observation.code === PERMISSION_DENIED)
        observation = unsupportedObservation<C>(unprivilegedReason(platform, observation.message), io.now());
      return [check, observation] as const;
    }),
  );
  return Object.fromEntries(entries) as Observations;
}
