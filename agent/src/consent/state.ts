/**
 * What a consent record means for this agent. Only personal devices need consent; a decision
 * counts only for the statement version in force, so a new statement asks again.
 */
import { CONSENT_STATEMENT, type ConsentStatus } from '@vigil/shared/core';
import { ConsentError } from './errors.js';
import type { ConsentRecord } from './store.js';

export type Ownership = 'managed' | 'personal';

export function consentStatus(ownership: Ownership, record: ConsentRecord | null): ConsentStatus {
  const statementVersion = CONSENT_STATEMENT.version;
  if (ownership === 'managed') return { required: false, state: 'not-required', statementVersion, decidedAt: null };
  if (!record) return { required: true, state: 'pending', statementVersion, decidedAt: null };
  if (record.decision === 'withdrawn')
    return { required: true, state: 'withdrawn', statementVersion, decidedAt: record.decidedAt };
  const current = record.statementVersion === statementVersion;
  return { required: true, state: current ? 'accepted' : 'pending', statementVersion, decidedAt: record.decidedAt };
}

/** Collection and sending may happen: managed devices always, personal ones once accepted. */
export function collectionAllowed(status: ConsentStatus): boolean {
  return status.state === 'not-required' || status.state === 'accepted';
}

/** Why nothing is collected, as the error every gate (daemon, push, enroll) reports. */
export function consentRefusal(status: ConsentStatus): ConsentError {
  if (status.state === 'withdrawn')
    return new ConsentError(
      'VIGIL_CONSENT_WITHDRAWN',
      'consent was withdrawn on this personal device: nothing is collected or sent (accept again with "vigil consent --accept")',
    );
  return new ConsentError(
    'VIGIL_CONSENT_REQUIRED',
    `this personal device has not accepted the privacy statement (version ${status.statementVersion}): read it with "vigil consent", accept with "vigil consent --accept" (or in the Vigil tray)`,
  );
}
