/** Records the owner's decision (from `vigil consent` or the status API) after checking it. */
import { CONSENT_STATEMENT, type ConsentRequest, type ConsentStatus } from '@vigil/shared/core';
import { ConsentError } from './errors.js';
import { consentStatus, type Ownership } from './state.js';
import { writeConsentRecord } from './store.js';

export interface DecisionInput {
  stateDir: string;
  ownership: Ownership;
  request: ConsentRequest;
  /** Who decided, for the activity log (`vigil consent`, `status api`). */
  by: string;
  now: Date;
}

export async function recordConsentDecision(input: DecisionInput): Promise<ConsentStatus> {
  const { request } = input;
  if (input.ownership === 'managed') {
    throw new ConsentError(
      'VIGIL_CONSENT_NOT_REQUIRED',
      'this is a managed device: there is no consent to give or withdraw (ownership is set by your organisation)',
    );
  }
  // Accepting binds to the exact text shown; withdrawing is always possible, whatever was shown.
  if (request.decision === 'accept' && request.statementVersion !== CONSENT_STATEMENT.version) {
    throw new ConsentError(
      'VIGIL_CONSENT_VERSION_MISMATCH',
      `statement version ${request.statementVersion} is not the one in force (${CONSENT_STATEMENT.version}); read the current one with "vigil consent"`,
    );
  }
  const record = {
    version: 1 as const,
    decision: request.decision === 'accept' ? ('accepted' as const) : ('withdrawn' as const),
    statementVersion: request.decision === 'accept' ? request.statementVersion : CONSENT_STATEMENT.version,
    decidedAt: input.now.toISOString(),
    decidedBy: input.by.slice(0, 200),
  };
  await writeConsentRecord(input.stateDir, record);
  return consentStatus(input.ownership, record);
}

export function describeDecision(status: ConsentStatus): string {
  if (status.state === 'accepted') return `accepted statement version ${status.statementVersion}`;
  if (status.state === 'withdrawn') return 'withdrawn: collection stopped';
  return status.state;
}
