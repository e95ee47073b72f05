/**
 * The daemon: the scheduled cycle and the local status API as units over one cache. The cycle
 * interval comes from the config, else from the service (`nextReportSeconds`, the policy's
 * report interval), else 15 minutes.
 */
import type { AgentStatus } from '@vigil/shared';
import type { AgentConfig } from '../config/index.js';
import type { Logger } from '../logging/logger.js';
import { readServiceState } from '../cycle/service-state.js';
import { phaseOf } from '../schedule/cron-expression.js';
import { createScheduler, type Scheduler } from '../schedule/scheduler.js';
import { releaseMemory } from './memory.js';
import { CycleFailedError, type CycleMessage } from './worker-runner.js';
import { buildStatus } from '../status/build-status.js';
import type { CacheHolder } from './cache-holder.js';
import type { AgentJob } from './job.js';
import { unitGroup, type Unit, type UnitGroup } from './unit.js';

export interface StatusServerFactory {
  (options: {
    socketPath: string;
    getStatus: () => AgentStatus;
    requestCheck: () => void;
    minCheckIntervalMs: number;
    onError: (error: unknown, context: { route: string }) => void;
  }): { start(): Promise<void>; stop(): Promise<void> };
}

export interface DaemonDeps {
  config: AgentConfig;
  log: Logger;
  caches: CacheHolder;
  /** Identity for status; the cycle itself runs through `runCycle`. */
  job: AgentJob;
  runCycle: (reason: string) => Promise<CycleMessage>;
  /** Cuts a cycle that outlives half the stop timeout at shutdown. */
  terminateCycle?: () => Promise<void>;
  createStatusServer: StatusServerFactory;
  now: () => Date;
  stopTimeoutMs?: number;
}

export interface Daemon extends UnitGroup {
  status(): AgentStatus;
  scheduler: Scheduler;
}

export function createDaemon(deps: DaemonDeps): Daemon {
  const { config, log, caches, job } = deps;
  const startedAt = deps.now().toISOString();
  const stopTimeoutMs = deps.stopTimeoutMs ?? 10_000;
  const serviceInterval = caches.tryGet() ? readServiceState(caches.tryGet()!)?.nextReportSeconds : undefined;
  const intervalFor = (fromService?: number) => config.intervalSeconds ?? fromService ?? config.intervalMinutes * 60;

  const scheduler: Scheduler = createScheduler({
    intervalSeconds: intervalFor(serviceInterval),
    jitterSeconds: config.jitterSeconds,
    // The device id is known once enrolled; before that the state dir keeps the slot stable.
    phase: phaseOf(caches.tryGet()?.reports.chain().deviceId ?? config.stateDir),
    log,
    run: async (reason) => {
      try {
        const result = await deps.runCycle(reason);
        cycleProblems = [result.cacheProblem].filter((p) => p !== null);
        if (result.error) throw new CycleFailedError(result.error);
        if (result.outcome?.nextReportSeconds)
          await scheduler.setIntervalSeconds(intervalFor(result.outcome.nextReportSeconds));
      } finally {
        await job.reloadIdentity();
        releaseMemory();
      }
    },
  });

  let cycleProblems: { code: string; message: string }[] = [];
  const status = (): AgentStatus => {
    const cache = caches.tryGet();
    // "Not enrolled" is added by buildStatus itself; other identity problems (damaged files) here.
    const identityProblem = job.identity() ? null : job.identityProblem();
    const problems = [
      caches.problem() ?? cycleProblems[0] ?? null,
      identityProblem?.code === 'VIGIL_IDENTITY_NOT_ENROLLED' ? null : identityProblem,
    ];
    return buildStatus({
      config,
      startedAt,
      now: deps.now(),
      identity: job.identity(),
      cache,
      nextCollectionAt: scheduler.nextRunAt(),
      problems: problems.filter((p) => p !== null),
    });
  };

  const server = deps.createStatusServer({
    socketPath: config.socketPath,
    getStatus: status,
    requestCheck: () => void scheduler.runNow('check-now'),
    minCheckIntervalMs: config.checkNowMinIntervalSeconds * 1000,
    onError: (error, context) =>
      log.warn({ route: context.route, error: { message: String(error) } }, 'status api callback failed'),
  });

  // Stopped in reverse: the scheduler (waits for a running cycle), the API, then the cache.
  const units: Unit[] = [
    { name: 'cache', start: async () => undefined, stop: async () => caches.close() },
    {
      name: 'identity',
      start: async () => {
        await job.reloadIdentity();
      },
      stop: async () => undefined,
    },
    { name: 'status-api', start: () => server.start(), stop: () => server.stop() },
    {
      name: 'scheduler',
      start: () => scheduler.start({ runNow: true }),
      stop: async () => {
        const cut = setTimeout(() => void deps.terminateCycle?.(), stopTimeoutMs / 2);
        try {
          await scheduler.stop();
        } finally {
          clearTimeout(cut);
        }
      },
    },
  ];
  const group = unitGroup(units, { log, stopTimeoutMs });
  return { ...group, status, scheduler };
}
