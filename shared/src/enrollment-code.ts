/**
 * Self-service enrollment codes that IT hands out (`vigil enroll --code CODE`):
 *
 *   vigil1.<base64url(JSON {"u": serverUrl, "t": enrollmentToken, "c": caFingerprint, "o": ownership})>
 *
 * `c` is the base64url SHA-256 of the service CA (root) certificate's DER. The agent downloads
 * the CA (`GET {u}/v1/enroll/ca`), accepts it only if its fingerprint equals `c`, and enrolls
 * with it as the only trust anchor: the code is the out-of-band channel that makes the download
 * trustworthy. A code holds a one-time token, so it is a secret until used. Runtime-neutral (no
 * Buffer, WebCrypto only) so the service, the agent and a browser page can all use it.
 */
import { decodeBase64url, encodeBase64url } from './attestation/base64url.js';
import { parseStrictJson } from './attestation/strict-json.js';
import { thumbprintSha256 } from './attestation/thumbprint.js';
import { VigilError } from './errors.js';

export const ENROLLMENT_CODE_PREFIX = 'vigil1.';
/** A code is a few hundred characters; anything far longer is not one of ours. */
export const ENROLLMENT_CODE_MAX_LENGTH = 4096;
export const ENROLLMENT_OWNERSHIPS = ['managed', 'personal'] as const;
export type EnrollmentOwnership = (typeof ENROLLMENT_OWNERSHIPS)[number];

export interface EnrollmentCode {
  /** https URL of the compliance service. */
  serverUrl: string;
  /** The one-time enrollment token. */
  token: string;
  /** base64url SHA-256 of the CA certificate's DER. */
  caFingerprint: string;
  ownership: EnrollmentOwnership;
}

export class EnrollmentCodeError extends VigilError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('VIGIL_ENROLL_CODE_INVALID', message, options);
    this.name = 'EnrollmentCodeError';
  }
}

const FINGERPRINT = /^[A-Za-z0-9_-]{43}$/;
// Printable ASCII without spaces or quotes: what every token format we issue uses.
const TOKEN = /^[\x21-\x7e]{1,200}$/;
const CODE_IN_TEXT = /vigil1\.[A-Za-z0-9_-]+/;

export function encodeEnrollmentCode(code: EnrollmentCode): string {
  const checked = validate({ u: code.serverUrl, t: code.token, c: code.caFingerprint, o: code.ownership });
  const json = JSON.stringify({
    u: checked.serverUrl,
    t: checked.token,
    c: checked.caFingerprint,
    o: checked.ownership,
  });
  return `${ENROLLMENT_CODE_PREFIX}${encodeBase64url(new TextEncoder().encode(json))}`;
}

/**
 * Parses a code as typed or pasted: the bare code, or a link that carries it (in the fragment,
 * `https://vigil.example.com/enroll#vigil1.…`, or a `code` query parameter). Surrounding
 * whitespace is ignored. Throws EnrollmentCodeError (`VIGIL_ENROLL_CODE_INVALID`).
 */
export function parseEnrollmentCode(input: string): EnrollmentCode {
  const text = input.trim();
  if (text.length === 0) throw new EnrollmentCodeError('the enrollment code is empty');
  if (text.length > ENROLLMENT_CODE_MAX_LENGTH)
    throw new EnrollmentCodeError(`the enrollment code is longer than ${ENROLLMENT_CODE_MAX_LENGTH} characters`);
  const code = text.startsWith(ENROLLMENT_CODE_PREFIX) ? text : fromLink(text);
  const payload = code.slice(ENROLLMENT_CODE_PREFIX.length);
  const bytes = decodeBase64url(payload);
  if (!bytes || payload.length === 0)
    throw new EnrollmentCodeError('the enrollment code is damaged (not base64url after "vigil1.")');
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new EnrollmentCodeError('the enrollment code is damaged (not UTF-8)', { cause });
  }
  let parsed: unknown;
  try {
    parsed = parseStrictJson(json, { maxDepth: 2 });
  } catch (cause) {
    throw new EnrollmentCodeError('the enrollment code is damaged (not a JSON object)', { cause });
  }
  return validate(parsed);
}

function fromLink(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new EnrollmentCodeError('not an enrollment code: it must start with "vigil1."');
  }
  const candidate = url.searchParams.get('code') ?? decodeURIComponent(url.hash.replace(/^#/, ''));
  const match = CODE_IN_TEXT.exec(candidate);
  if (!match || match[0] !== candidate)
    throw new EnrollmentCodeError('the link holds no enrollment code (expected #vigil1.… or ?code=vigil1.…)');
  return match[0];
}

function validate(value: unknown): EnrollmentCode {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new EnrollmentCodeError('the enrollment code is damaged (not a JSON object)');
  const fields = value as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((key) => !['u', 't', 'c', 'o'].includes(key));
  if (unknown.length > 0)
    throw new EnrollmentCodeError(`the enrollment code has unknown fields: ${unknown.join(', ')}`);
  const { u, t, c, o } = fields;
  if (typeof u !== 'string' || !isServiceUrl(u))
    throw new EnrollmentCodeError('the enrollment code has no valid service address (an https URL)');
  if (typeof t !== 'string' || !TOKEN.test(t))
    throw new EnrollmentCodeError('the enrollment code has no valid enrollment token');
  if (typeof c !== 'string' || !FINGERPRINT.test(c))
    throw new EnrollmentCodeError('the enrollment code has no valid CA fingerprint (base64url SHA-256)');
  if (typeof o !== 'string' || !(ENROLLMENT_OWNERSHIPS as readonly string[]).includes(o))
    throw new EnrollmentCodeError('the enrollment code says neither "managed" nor "personal"');
  return { serverUrl: u, token: t, caFingerprint: c, ownership: o as EnrollmentOwnership };
}

function isServiceUrl(text: string): boolean {
  if (text.length > 2048) return false;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.username === '' && url.password === '' && url.hash === '';
  } catch {
    return false;
  }
}

/** The `c` of a code: base64url SHA-256 over the certificate's DER. */
export function caFingerprint(certificateDer: Uint8Array): Promise<string> {
  return thumbprintSha256(certificateDer);
}

/** DER of the first certificate in a PEM text (for `caFingerprint`); null when there is none. */
export function firstCertificateDer(pem: string): Uint8Array | null {
  const match = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem);
  if (!match?.[1]) return null;
  try {
    const binary = atob(match[1].replace(/\s+/g, ''));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}
