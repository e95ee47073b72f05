/**
 * Verifies a pushed SET (RFC 8417) against the service's pinned keys. Problems come back as the
 * RFC 8935 §2.4 error codes the transmitter understands. On top of jose: strict JSON (duplicate
 * members), `typ` exactly `secevent+jwt`, and no `exp` or `sub` — a SET is not an access token,
 * and refusing those claims keeps one from ever being replayed as one (RFC 8417 §4).
 */
import { decodeBase64url, parseStrictJson } from '@vigil/shared';
import { createLocalJWKSet, errors, jwtVerify } from 'jose';
import type { KeySet } from '../verify/key-store.js';
import { SET_TYP } from './set-claims.js';

export type SetErrorCode = 'invalid_request' | 'invalid_key' | 'invalid_issuer' | 'invalid_audience';

export interface SetProblem {
  err: SetErrorCode;
  description: string;
}

export interface VerifySetOptions {
  keys: KeySet;
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
  /** SETs issued longer ago are refused (and so never need de-duplicating). */
  maxAgeSeconds: number;
  nowMs: number;
}

const MAX_SET_LENGTH = 16 * 1024;

export type SetVerification = { ok: true; claims: Record<string, unknown> } | ({ ok: false } & SetProblem);

export async function verifySet(token: string, options: VerifySetOptions): Promise<SetVerification> {
  const problem = (err: SetErrorCode, description: string): SetVerification => ({ ok: false, err, description });
  if (token.length === 0 || token.length > MAX_SET_LENGTH)
    return problem('invalid_request', 'body is not a SET of acceptable size');
  const [headerSegment = '', payloadSegment = '', ...rest] = token.split('.');
  if (rest.length !== 1) return problem('invalid_request', 'not a compact JWS');
  // jose decodes the signature leniently: without this, unused bits gave one SET several spellings.
  if (!decodeBase64url(rest[0] ?? '')) return problem('invalid_request', 'signature: not base64url');
  const header = decodeObject(headerSegment, []);
  const payload = decodeObject(payloadSegment, ['iat', 'exp', 'nbf']);
  if (typeof header === 'string') return problem('invalid_request', `header: ${header}`);
  if (typeof payload === 'string') return problem('invalid_request', `payload: ${payload}`);
  if (header.alg !== 'ES256') return problem('invalid_request', 'alg must be ES256');
  if (typeof header.typ !== 'string' || header.typ.toLowerCase().replace(/^application\//, '') !== SET_TYP) {
    return problem('invalid_request', `typ must be ${SET_TYP}`);
  }
  if ('exp' in payload) return problem('invalid_request', 'a SET must not carry exp');
  if ('sub' in payload) return problem('invalid_request', 'a SET must not carry sub (use sub_id)');
  if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 256) {
    return problem('invalid_request', 'jti is missing or invalid');
  }
  const kid = header.kid;
  if (typeof kid !== 'string') return problem('invalid_key', 'kid is missing');
  if (!options.keys.has(kid)) await options.keys.refreshForUnknownKid(kid);
  try {
    await jwtVerify(token, createLocalJWKSet(options.keys.current()), {
      algorithms: ['ES256'],
      typ: SET_TYP,
      issuer: options.issuer,
      audience: options.audience,
      clockTolerance: options.clockToleranceSeconds,
      maxTokenAge: options.maxAgeSeconds,
      requiredClaims: ['iss', 'aud', 'iat', 'jti', 'events'],
      currentDate: new Date(options.nowMs),
    });
  } catch (error) {
    return { ok: false, ...mapJoseError(error) };
  }
  return { ok: true, claims: payload };
}

function decodeObject(segment: string, integerMembers: string[]): Record<string, unknown> | string {
  const bytes = decodeBase64url(segment);
  if (!bytes) return 'not base64url';
  try {
    const value = parseStrictJson(new TextDecoder('utf-8', { fatal: true }).decode(bytes), {
      maxDepth: 8,
      integerMembers,
    });
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : 'not a JSON object';
  } catch (error) {
    return (error as Error).message;
  }
}

function mapJoseError(error: unknown): SetProblem {
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWSSignatureVerificationFailed) {
    return { err: 'invalid_key', description: 'signature does not verify with a trusted key' };
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return { err: 'invalid_issuer', description: 'issuer is not trusted' };
    if (error.claim === 'aud') return { err: 'invalid_audience', description: 'audience is not this receiver' };
    return { err: 'invalid_request', description: `claim ${error.claim}: ${error.reason}` };
  }
  if (error instanceof errors.JWTExpired) return { err: 'invalid_request', description: 'SET is too old' };
  if (error instanceof errors.JOSEError) return { err: 'invalid_request', description: error.code };
  throw error;
}
