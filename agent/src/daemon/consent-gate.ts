/**
 * The daemon's consent gate (personal mode): the schedule runs only while consent is accepted.
 * Accepting starts it (with a cycle now); withdrawing stops it at once, cutting a cycle in
 * flight, so nothing more is collected or sent. Decisions arrive through the status API or as a
 * change of `consent.json` (a `vigil consent` run while no agent answered); both end here, one
 * at a time.
 */
import type { ConsentRequest, ConsentStatus } from '@vigil/shared/core';
import type { AgentConfig } from '../config/index.js';
import { recordConsentDecision } from '../consent/decide.js';
import { collectionAllowed, consentStatus } from '../consent/state.js';
import { readConsentRecord } from '../consent/store.js';
import type { Logger } from '../logging/logger.js';
import type { Scheduler } from '../schedule/scheduler.js';

type Problem = { code: string; message: string };

export interface ConsentGate {
  current(): ConsentStatus;
  /** A damaged consent file (read as "no consent"). */
  problem(): Problem | null;
  /** Reads the decision and starts the schedule if it allows collection. */
  start(): Promise<void>;
  /** Records a decision and applies it; throws ConsentError for a refused one. */
  decide(request: ConsentRequest, by: string): Promise<ConsentStatus>;
  /** Re-reads the decision from disk (the file changed) and applies it. */
  reload(): Promise<void>;
}

export interface ConsentGateDeps {
  config: AgentConfig;
  log: Logger;
  scheduler: Scheduler;
  /** Cuts the cycle in flight (withdrawal must not wait for it). */
  terminateCycle?: () => Promise<void>;
  now: () => Date;
}

export function createConsentGate(deps: ConsentGateDeps): ConsentGate {
  const { config, log, scheduler } = deps;
  let status = consentStatus(config.ownership, null);
  let problem: Problem | null = null;
  let scheduling = false;
  let queue: Promise<unknown> = Promise.resolve();

  // One change at a time: a decision and a file event for the same write must not interleave.
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };

  const apply = async (next: ConsentStatus): Promise<void> => {
    const before = status.state;
    status = next;
    if (collectionAllowed(next) && !scheduling) {
      scheduling = true;
      if (next.required) log.info({ consent: next.state }, 'consent given; collection starts');
      await scheduler.start({ runNow: true });
    } else if (!collectionAllowed(next) && scheduling) {
      scheduling = false;
      log.info({ consent: next.state, before }, 'consent withdrawn; collection stopped');
      await Promise.all([deps.terminateCycle?.(), scheduler.stop()]);
    } else if (!collectionAllowed(next) && before !== next.state) {
      log.info({ consent: next.state }, 'waiting for consent; nothing is collected');
    }
  };

  const readAndApply = async (): Promise<void> => {
    const reading = await readConsentRecord(config.stateDir);
    problem = config.ownership === 'personal' ? (reading.problem ?? null) : null;
    await apply(consentStatus(config.ownership, reading.record));
  };

  return {
    current: () => status,
    problem: () => problem,
    start: () =>
      serial(async () => {
        await readAndApply();
        if (!collectionAllowed(status))
          log.info({ consent: status.state }, 'waiting for consent; nothing is collected');
      }),
    decide: (request, by) =>
      serial(async () => {
        const next = await recordConsentDecision({
          stateDir: config.stateDir,
          ownership: config.ownership,
          request,
          by,
          now: deps.now(),
        });
        problem = null;
        await apply(next);
        return next;
      }),
    reload: () => serial(readAndApply),
  };
}
