/**
 * What the daemon does on each tick: reload the identity (a `vigil enroll --force` may have
 * replaced it), renew the certificate when due, then run one cycle against the cache. Failures
 * are logged with their code and leave the daemon running for the next tick.
 */
import type { CheckId, ConsentStatus, PostureReport } from '@vigil/shared/core';
import { CacheError } from '../cache/index.js';
import type { AgentConfig } from '../config/index.js';
import type { CycleOutcome } from '../cycle/run-cycle.js';
import {
  loadIdentity,
  renewalDue,
  renewIdentity,
  certificateExpired,
  type DeviceIdentity,
  type IdentityError,
} from '../identity/index.js';
import { errorFields, type Logger } from '../logging/logger.js';
import type { ServiceApi } from '../push/api.js';
import type { CacheHolder } from './cache-holder.js';
import { ConsentError } from '../consent/errors.js';
import { collectionAllowed } from '../consent/state.js';
import { runScopedCycle } from './scoped-cycle.js';

export interface JobDeps {
  config: AgentConfig;
  log: Logger;
  caches: CacheHolder;
  connect: (identity: DeviceIdentity) => Promise<ServiceApi>;
  /** Collects the given checks (undefined: what the configuration allows). */
  collect: (checks?: readonly CheckId[]) => Promise<PostureReport>;
  /** Personal mode's consent, read fresh for each run; absent: collection is always allowed. */
  consent?: () => Promise<ConsentStatus>;
  now: () => Date;
  pid: number;
}

export interface AgentJob {
  run(reason: string): Promise<CycleOutcome | null>;
  /** The identity as of the last load (for status); null when not enrolled or unreadable. */
  identity(): DeviceIdentity | null;
  identityProblem(): { code: string; message: string } | null;
  reloadIdentity(): Promise<DeviceIdentity | null>;
}

/** Throws VIGIL_CONSENT_WITHDRAWN when consent (personal mode) no longer allows sending. */
export async function refuseWithoutConsent(consent: JobDeps['consent']): Promise<void> {
  const now = await consent?.();
  if (now && !collectionAllowed(now))
    throw new ConsentError('VIGIL_CONSENT_WITHDRAWN', `consent is ${now.state}; nothing is sent`);
}

export function createJob(deps: JobDeps): AgentJob {
  const { config, log } = deps;
  let identity: DeviceIdentity | null = null;
  let identityProblem: { code: string; message: string } | null = null;

  const reloadIdentity = async (): Promise<DeviceIdentity | null> => {
    try {
      identity = await loadIdentity(config.stateDir);
      identityProblem = null;
    } catch (error) {
      identity = null;
      identityProblem = {
        code: (error as IdentityError).code ?? 'VIGIL_IDENTITY_FILES_INVALID',
        message: (error as Error).message,
      };
    }
    return identity;
  };

  const maybeRenew = async (current: DeviceIdentity): Promise<DeviceIdentity> => {
    if (!renewalDue(current, deps.now())) return current;
    const api = await deps.connect(current);
    try {
      const renewed = await renewIdentity(config.stateDir, current, async (_id, csr) => (await api.renew(csr)).body, {
        now: deps.now,
      });
      log.info({ not_after: renewed.certificate.notAfter.toISOString() }, 'device certificate renewed');
      return renewed;
    } catch (error) {
      // Not fatal: the old certificate is valid until notAfter; the next cycle tries again.
      log.warn({ error: errorFields(error) }, 'certificate renewal failed');
      return current;
    } finally {
      api.close();
    }
  };

  return {
    identity: () => identity,
    identityProblem: () => identityProblem,
    reloadIdentity,
    async run(reason) {
      // Before anything that touches the network (renewal included): no consent, no traffic.
      const consent = await deps.consent?.();
      if (consent && !collectionAllowed(consent)) {
        log.info({ reason, consent: consent.state }, 'cycle skipped: consent not given');
        return null;
      }
      const loaded = await reloadIdentity();
      if (!loaded) {
        log.warn({ reason, error: identityProblem }, 'cycle skipped: device not enrolled');
        return null;
      }
      if (certificateExpired(loaded, deps.now())) {
        log.error(
          { not_after: loaded.certificate.notAfter.toISOString() },
          'device certificate expired; re-enroll with vigil enroll --force',
        );
      }
      identity = await maybeRenew(loaded);
      const current = identity;
      let cache;
      try {
        cache = deps.caches.get();
      } catch {
        return null; // logged by the holder; retried next tick
      }
      try {
        return await runScopedCycle(
          {
            config,
            log,
            cache,
            identity: current,
            collect: deps.collect,
            connect: async () => {
              // Asked again once collection is done, just before the first byte goes out: a
              // withdrawal written as a file while this cycle collected (the daemon cuts the
              // cycle when it sees it, but seeing a file change takes a moment) stops it here.
              await refuseWithoutConsent(deps.consent);
              return deps.connect(current);
            },
            now: deps.now,
            pid: deps.pid,
          },
          reason,
        );
      } catch (error) {
        if (error instanceof CacheError) deps.caches.noteFailure(error);
        if (error instanceof ConsentError) {
          log.info({ reason, consent: error.code }, 'cycle stopped: consent withdrawn while it ran; nothing sent');
          return null;
        }
        throw error;
      }
    },
  };
}
