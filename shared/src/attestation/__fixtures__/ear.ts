/** Test fixtures: EAR claims for a healthy, challenged device. */
import { EAR_PROFILE, type EarClaims } from '../ear-claims.js';
import { DEVICE_ID } from './claims.js';

export const ISSUER = 'https://vigil.example.test';
export const AUDIENCE = 'urn:vigil:gateway';
export const THUMBPRINT = 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0';

export function earClaims(now: number, overrides: Partial<EarClaims> = {}): EarClaims {
  return {
    iss: ISSUER,
    sub: `urn:vigil:device:${DEVICE_ID}`,
    aud: AUDIENCE,
    iat: now,
    exp: now + 900,
    jti: 'ear-0000000001',
    cnf: { 'x5t#S256': THUMBPRINT },
    eat_profile: EAR_PROFILE,
    ear_verifier_id: { developer: 'https://vigil.dev', build: 'vigil-service 0.1.0' },
    ear_status: 'affirming',
    submods: {
      vigil: {
        ear_status: 'affirming',
        ear_trustworthiness_vector: { configuration: 2, 'instance-identity': 2, hardware: 0, 'storage-opaque': 32 },
        ear_appraisal_policy_ids: ['urn:vigil:policy:vigil-default'],
      },
    },
    vigil_checks: { 'disk.encryption': { result: 'pass', reason: 'all volumes encrypted' } },
    vigil_policy: { id: 'vigil-default', hash: THUMBPRINT },
    vigil_verdict: { status: 'compliant', action: 'allow' },
    ...overrides,
  };
}
