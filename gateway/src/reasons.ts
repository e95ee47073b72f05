/**
 * The gateway's decision reasons: stable codes (`VIGIL_GATEWAY_*`, catalogued in docs/errors.md,
 * never reused), the HTTP status a forward-auth answer carries, a short message for logs and the
 * `X-Vigil-Reason` header, and advice for the person in front of the browser.
 *
 * 401 means "no usable attestation for this connection": the agent has to present a new one.
 * 403 means "a valid attestation that says no": the device itself has to change.
 */
export const REASONS = {
  VIGIL_GATEWAY_MISSING_TOKEN: {
    status: 401,
    message: 'no attestation result was presented',
    advice: 'Make sure the Vigil agent is installed, enrolled and running on this device, then reload.',
  },
  VIGIL_GATEWAY_MALFORMED: {
    status: 401,
    message: 'the attestation result is not a well-formed token',
    advice: 'Restart the Vigil agent so it fetches a fresh attestation, then reload.',
  },
  VIGIL_GATEWAY_ALG: {
    status: 401,
    message: 'the attestation result uses an algorithm that is not allowed',
    advice: 'This attestation was not issued by your compliance service. Restart the Vigil agent.',
  },
  VIGIL_GATEWAY_TYP: {
    status: 401,
    message: 'the token is not an attestation result (wrong typ)',
    advice: 'This token is not a Vigil attestation. Restart the Vigil agent.',
  },
  VIGIL_GATEWAY_UNKNOWN_KID: {
    status: 401,
    message: 'the attestation result is signed with a key this gateway does not trust',
    advice: 'The attestation was signed by an unknown key. If this persists, contact your IT team.',
  },
  VIGIL_GATEWAY_SIGNATURE: {
    status: 401,
    message: 'the attestation result signature does not verify',
    advice: 'The attestation was altered or forged. Restart the Vigil agent; contact IT if it persists.',
  },
  VIGIL_GATEWAY_ISSUER: {
    status: 401,
    message: 'the attestation result comes from an untrusted issuer',
    advice: 'This attestation was issued by another compliance service. Contact your IT team.',
  },
  VIGIL_GATEWAY_AUDIENCE: {
    status: 401,
    message: 'the attestation result was issued for another audience',
    advice: 'This attestation is meant for another application. Restart the Vigil agent, then reload.',
  },
  VIGIL_GATEWAY_EXPIRED: {
    status: 401,
    message: 'the attestation result has expired',
    advice: 'Your device attestation expired. Make sure the Vigil agent is running and online, then reload.',
  },
  VIGIL_GATEWAY_TOO_OLD: {
    status: 401,
    message: 'the attestation result is older than this gateway accepts',
    advice: 'Your device attestation is too old. Make sure the Vigil agent is running and online.',
  },
  VIGIL_GATEWAY_NOT_YET_VALID: {
    status: 401,
    message: 'the attestation result is issued in the future',
    advice: "Check this device's clock (date, time and time zone), then reload.",
  },
  VIGIL_GATEWAY_CLAIMS: {
    status: 401,
    message: 'the attestation result lacks a required claim or has a malformed one',
    advice: 'Update the Vigil agent and your compliance service; contact IT if it persists.',
  },
  VIGIL_GATEWAY_MISSING_CLIENT_CERT: {
    status: 401,
    message: 'no device certificate was presented on this connection',
    advice: 'Your browser or app did not present the device certificate. Re-enroll the device with Vigil.',
  },
  VIGIL_GATEWAY_CNF_MISMATCH: {
    status: 401,
    message: 'the attestation result belongs to another device certificate',
    advice: 'The attestation belongs to another device or an old certificate. Restart the Vigil agent.',
  },
  VIGIL_GATEWAY_REVOKED: {
    status: 403,
    message: 'the device was reported non-compliant after this attestation result was issued',
    advice: 'Your device became non-compliant. Open Vigil to see what to fix, then reload.',
  },
  VIGIL_GATEWAY_NONCOMPLIANT: {
    status: 403,
    message: 'the device does not meet the security policy',
    advice: 'Open Vigil on this device to see which checks fail and how to fix them, then reload.',
  },
  VIGIL_GATEWAY_CHECK_FAILED: {
    status: 403,
    message: 'a check this application requires does not pass',
    advice: 'This application requires the checks listed below. Fix them (Vigil shows how), then reload.',
  },
  VIGIL_GATEWAY_KEYS_UNAVAILABLE: {
    status: 503,
    message: 'the gateway has no trusted signing keys loaded',
    advice: 'The access gateway is misconfigured or cannot reach its key set. Contact your IT team.',
  },
  VIGIL_GATEWAY_VERIFIER_UNAVAILABLE: {
    status: 503,
    message: 'the compliance service could not be asked for this device',
    advice: 'The compliance service is unreachable. Try again in a minute; contact IT if it persists.',
  },
} as const satisfies Record<string, { status: 401 | 403 | 503; message: string; advice: string }>;

export type ReasonCode = keyof typeof REASONS;

export interface Reason {
  code: ReasonCode;
  message: string;
}

export function isReasonCode(value: string): value is ReasonCode {
  return Object.hasOwn(REASONS, value);
}

export function reason(code: ReasonCode, detail?: string): Reason {
  const base = REASONS[code].message;
  return { code, message: detail ? `${base}: ${detail}` : base };
}
