/**
 * What the status API's requests do in the daemon beyond reading the status: "check now" (gated
 * by consent, logged with its requester), the privacy view, and consent decisions. Each request
 * lands in the local activity log, refused ones included, so the owner sees every request.
 */
import type { ConsentRequest, ConsentStatus, PrivacyView } from '@vigil/shared/core';
import { describeDecision } from '../consent/decide.js';
import { ConsentError } from '../consent/errors.js';
import { collectionAllowed, consentRefusal } from '../consent/state.js';
import type { Logger } from '../logging/logger.js';
import { checkNowRequester, recordActivity } from '../privacy/activity.js';
import { buildPrivacyView } from '../privacy/view.js';
import type { Scheduler } from '../schedule/scheduler.js';
import { StatusRefusal } from '../status-api/errors.js';
import type { CacheHolder } from './cache-holder.js';
import type { ConsentGate } from './consent-gate.js';

export interface StatusHooks {
  requestCheck(requester: { uid?: number; pid?: number }): void;
  onCheckNowRefused(requester: { uid?: number; pid?: number }, retryAfterSeconds: number): void;
  getPrivacy(): PrivacyView;
  decideConsent(request: ConsentRequest): Promise<ConsentStatus>;
}

export function statusHooks(deps: {
  log: Logger;
  caches: CacheHolder;
  scheduler: Scheduler;
  gate: ConsentGate;
  now: () => Date;
}): StatusHooks {
  const { log, caches, scheduler, gate } = deps;
  const note = (kind: 'check-now' | 'consent', requester: string, outcome: string) =>
    recordActivity(caches.tryGet(), { kind, requester, outcome, at: deps.now() }, log);

  return {
    requestCheck(requester) {
      const who = checkNowRequester(requester);
      const consent = gate.current();
      if (!collectionAllowed(consent)) {
        const refusal = consentRefusal(consent);
        note('check-now', who, `refused: ${refusal.code}`);
        throw new StatusRefusal(409, refusal.code, refusal.message);
      }
      note('check-now', who, scheduler.busy() ? 'joined the check already running' : 'started');
      void scheduler.runNow('check-now');
    },
    onCheckNowRefused(requester, retryAfterSeconds) {
      note(
        'check-now',
        checkNowRequester(requester),
        `refused: a check ran recently (retry in ${retryAfterSeconds} s)`,
      );
    },
    getPrivacy: () => buildPrivacyView(caches.tryGet()),
    async decideConsent(request) {
      const who = 'status api (tray or another local client)';
      try {
        const status = await gate.decide(request, who);
        note('consent', who, describeDecision(status));
        return status;
      } catch (error) {
        if (error instanceof ConsentError && error.code !== 'VIGIL_CONSENT_STORE_FAILED') {
          note('consent', who, `refused: ${error.code}`);
          throw new StatusRefusal(409, error.code, error.message);
        }
        throw error;
      }
    },
  };
}
