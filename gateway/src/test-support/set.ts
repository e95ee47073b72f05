/** Test fixtures: CAEP device-compliance-change SETs, valid or broken on purpose. */
import { SignJWT } from 'jose';
import { DEVICE_COMPLIANCE_CHANGE } from '../caep/set-claims.js';
import { AUDIENCE, DEVICE_ID, ISSUER, type ServiceKey } from './ear.js';

export function setClaims(
  overrides: Record<string, unknown> = {},
  now = Math.floor(Date.now() / 1000),
): Record<string, unknown> {
  return {
    iss: ISSUER,
    aud: AUDIENCE,
    iat: now,
    jti: `set-${Math.random().toString(36).slice(2, 14)}`,
    sub_id: { format: 'uri', uri: `urn:vigil:device:${DEVICE_ID}` },
    events: {
      [DEVICE_COMPLIANCE_CHANGE]: {
        current_status: 'not-compliant',
        previous_status: 'compliant',
        event_timestamp: now,
        reason_admin: { en: 'disk encryption turned off' },
      },
    },
    ...overrides,
  };
}

export function signSet(
  key: ServiceKey,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', typ: 'secevent+jwt', kid: key.kid, ...header })
    .sign(key.privateKey);
}
