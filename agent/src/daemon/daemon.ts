/**
 * The daemon: the scheduled cycle and the local status API as units over one cache. The cycle
 * interval comes from the config, else from the service (`nextReportSeconds`, the policy's
 * report interval), else 15 minutes.
 */
import type { AgentStatus, ConsentRequest, ConsentStatus, PrivacyView } from '@vigil/shared/core';
import type { AgentConfig } from '../config/index.js';
import type { Logger } from '../logging/logger.js';
import { readServiceState } from '../cycle/service-state.js';
import { phaseOf } from '../schedule/cron-expression.js';
import { createScheduler, type Scheduler } from '../schedule/scheduler.js';
import { releaseMemory } from './memory.js';
import { CycleFailedError, type CycleMessage } from './cycle-runner.js';
import { buildStatus } from '../status/build-status.js';
import type { CacheHolder } from './cache-holder.js';
import type { AgentJob } from './job.js';
import { unitGroup, type Unit, type UnitGroup } from './unit.js';
import { isEnrolled } from '../identity/store.js';
import { createConsentGate, type ConsentGate } from './consent-gate.js';
import { watchStateDir, type StateWatch } from './state-watch.js';
import { statusHooks } from './status-hooks.js';

export interface StatusServerFactory {
  (options: {
    socketPath: string;
    getStatus: () => Promise<AgentStatus>;
    requestCheck: (requester: { uid?: number; pid?: number }) => void;
    onCheckNowRefused: (requester: { uid?: number; pid?: number }, retryAfterSeconds: number) => void;
    getPrivacy: () => PrivacyView;
    decideConsent: (request: ConsentRequest) => Promise<ConsentStatus>;
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
  status(): Promise<AgentStatus>;
  scheduler: Scheduler;
  consent: ConsentGate;
  /** Settles when the daemon ends itself (`unenrolled`: `vigil unenroll` removed its identity). */
  ended: Promise<string>;
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
        // The cycle process does not log cache problems: the daemon does, once per problem.
        if (result.cacheProblem) caches.noteProblem(result.cacheProblem);
        else if (result.outcome) caches.noteRecovered();
        if (result.error) throw new CycleFailedError(result.error);
        if (result.outcome?.nextReportSeconds)
          await scheduler.setIntervalSeconds(intervalFor(result.outcome.nextReportSeconds));
      } finally {
        await job.reloadIdentity();
        releaseMemory();
      }
    },
  });

  // Personal mode: nothing is scheduled until the owner has accepted the privacy statement.
  const gate = createConsentGate({
    config,
    log,
    scheduler,
    now: deps.now,
    ...(deps.terminateCycle ? { terminateCycle: deps.terminateCycle } : {}),
  });
  let endDaemon: (reason: string) => void = () => undefined;
  const ended = new Promise<string>((resolve) => (endDaemon = resolve));
  let watch: StateWatch | null = null;
  const identityChanged = async (): Promise<void> => {
    if (job.identity() && !(await isEnrolled(config.stateDir))) {
      log.info({ state_dir: config.stateDir }, 'device unenrolled; agent stopping');
      endDaemon('unenrolled');
    }
  };

  const status = (): Promise<AgentStatus> => {
    const cache = caches.tryGet();
    // "Not enrolled" is added by buildStatus itself; other identity problems (damaged files) here.
    const identityProblem = job.identity() ? null : job.identityProblem();
    const problems = [
      caches.problem(),
      identityProblem?.code === 'VIGIL_IDENTITY_NOT_ENROLLED' ? null : identityProblem,
      gate.problem(),
    ];
    return buildStatus({
      config,
      startedAt,
      now: deps.now(),
      identity: job.identity(),
      cache,
      nextCollectionAt: scheduler.nextRunAt(),
      problems: problems.filter((p) => p !== null),
      consent: gate.current(),
    });
  };

  const server = deps.createStatusServer({
    socketPath: config.socketPath,
    getStatus: status,
    ...statusHooks({ log, caches, scheduler, gate, now: deps.now }),
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
      start: async () => {
        watch = watchStateDir(
          config.stateDir,
          { consentChanged: () => void gate.reload(), identityChanged: () => void identityChanged() },
          log,
        );
        await gate.start();
      },
      stop: async () => {
        watch?.close();
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
  return { ...group, status, scheduler, consent: gate, ended };
}
