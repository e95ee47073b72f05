/**
 * Ownership and consent at enrollment (issue #11). A personal (BYOD) device enrolls only with
 * the employee's consent to the plain-language statement (`CONSENT_STATEMENT` in
 * `@vigil/shared`): which version they accepted and when. The service keeps both on the device;
 * the statement text itself lives with the agent that showed it.
 */
import { ServiceError } from '../../errors.js';
import { OWNERSHIPS, type DeviceConsent, type Ownership } from '../../store/types.js';

export interface ConsentBody {
  statementVersion: string;
  acceptedAt: string;
}

export const OwnershipSchema = {
  type: 'string',
  enum: [...OWNERSHIPS],
  default: 'managed',
  description: '`personal` (BYOD): admins see verdicts only; consent is required',
} as const;

export const ConsentSchema = {
  type: 'object',
  required: ['statementVersion', 'acceptedAt'],
  additionalProperties: false,
  description: 'the employee accepted this version of the consent statement at this time',
  properties: {
    statementVersion: { type: 'string', minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9._-]+$' },
    acceptedAt: { type: 'string', format: 'date-time', maxLength: 64 },
  },
} as const;

/** The ownership and consent to store, or a 400 when a personal device comes without consent. */
export function ownershipAndConsent(
  body: { ownership?: Ownership; consent?: ConsentBody },
  now: Date,
  clockSkewSeconds: number,
): { ownership: Ownership; consent: DeviceConsent | null } {
  const ownership = body.ownership ?? 'managed';
  if (ownership === 'personal' && body.consent === undefined) {
    throw new ServiceError(
      400,
      'VIGIL_ENROLL_CONSENT_REQUIRED',
      'a personal device enrolls only after the employee accepted the consent statement (send consent)',
    );
  }
  if (body.consent === undefined) return { ownership, consent: null };
  const acceptedAt = new Date(body.consent.acceptedAt);
  // Consent is given before enrolling; a time beyond clock skew in the future is not a record of it.
  if (acceptedAt.getTime() > now.getTime() + clockSkewSeconds * 1000) {
    throw new ServiceError(400, 'VIGIL_ENROLL_CONSENT_INVALID', 'consent.acceptedAt is in the future');
  }
  return { ownership, consent: { statementVersion: body.consent.statementVersion, acceptedAt } };
}
