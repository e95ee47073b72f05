/**
 * Holds the cache for the daemon and survives its failures: a full disk or an unopenable file is
 * reported (status, logs) and retried at the next cycle instead of exiting, because a daemon that
 * exits is restarted by its service manager into the same failure: a crash loop. A database
 * found corrupt while running is closed; the next open moves it aside and starts fresh.
 */
import { CacheError, type AgentCache } from '../cache/index.js';
import { errorFields, type Logger } from '../logging/logger.js';

export class CacheHolder {
  private cache: AgentCache | null = null;
  private lastProblem: { code: string; message: string } | null = null;

  constructor(
    private readonly open: () => AgentCache,
    private readonly log: Logger,
    /** False in a cycle process: it hands its problem to the daemon, which logs it once. */
    private readonly logProblems = true,
  ) {}

  /** The open cache, opening it if needed; throws CacheError when it cannot be opened. */
  get(): AgentCache {
    if (this.cache) return this.cache;
    try {
      this.cache = this.open();
      this.noteRecovered();
      return this.cache;
    } catch (error) {
      this.noteFailure(error);
      throw error;
    }
  }

  /** The cache if it is open or can be opened now, else null (status must not throw). */
  tryGet(): AgentCache | null {
    try {
      return this.get();
    } catch {
      return null;
    }
  }

  problem(): { code: string; message: string } | null {
    return this.lastProblem;
  }

  noteFailure(error: unknown): void {
    const fields = errorFields(error);
    this.noteProblem({ code: fields.code ?? 'VIGIL_CACHE_FAILED', message: fields.message });
    if (error instanceof CacheError && error.code === 'VIGIL_CACHE_CORRUPT') this.close();
  }

  /** A problem seen here or by a cycle process; logged once per distinct problem, not per cycle. */
  noteProblem(problem: { code: string; message: string }): void {
    const changed = this.lastProblem?.code !== problem.code;
    this.lastProblem = problem;
    if (!changed || !this.logProblems) return;
    const hint =
      problem.code === 'VIGIL_CACHE_DISK_FULL'
        ? 'free disk space; the agent retries every cycle'
        : 'the agent retries every cycle';
    this.log.error({ error: problem, hint }, 'cache unavailable');
  }

  /** A cycle process opened the cache fine: the problem, if any, is over. */
  noteRecovered(): void {
    if (this.lastProblem && this.logProblems) this.log.info('cache available again');
    this.lastProblem = null;
  }

  close(): void {
    this.cache?.close();
    this.cache = null;
  }
}
