/**
 * `verifyAttestation`: is this request, with this EAR over this connection, allowed? Signature
 * and claim checks are @vigil/shared's `verifyEar` (pinned keys, ES256 only, `typ`, issuer,
 * audience, required and integer claims, max age, clock tolerance, strict JSON); this module
 * adds key rotation, the token cache and the per-request appraisal (appraise.ts).
 */
import { EAR_MAX_LIFETIME_SECONDS, EarError, decodeBase64url, verifyEar, type EarErrorCode } from '@vigil/shared';
import type { JSONWebKeySet } from 'jose';
import { reason, type ReasonCode } from '../reasons.js';
import { appraise } from './appraise.js';
import { refuse, type Decision } from './decision.js';
import { staticKeySet, type KeySet } from './key-store.js';
import type { RevocationStore } from './revocation.js';
import { TokenCache } from './token-cache.js';
import { tokenFacts, type TokenFacts } from './token-facts.js';

export interface VerifierOptions {
  /** The pinned JWKS: a loaded `JwksKeyStore` (file or URL, with rotation) or a fixed set. */
  keys: KeySet | JSONWebKeySet;
  issuer: string;
  audience: string;
  /** Refuse results issued longer ago than this, whatever their `exp` (default 900). */
  maxAgeSeconds?: number;
  /** Allowed clock difference with the service (default 30). */
  clockToleranceSeconds?: number;
  /** Checks that must be `pass` on every request (routes can add more). */
  mandatoryChecks?: readonly string[];
  /** Let `warning` results through (default true); `affirming` is always required otherwise. */
  allowWarning?: boolean;
  /** CAEP revocations (caep/receiver.ts writes them). */
  revocations?: RevocationStore;
  /** Verified-token cache; `false` disables it. */
  cache?: { maxEntries?: number; ttlSeconds?: number } | false;
  now?: () => number;
}

export interface RequestBinding {
  /** `x5t#S256` of the client certificate on this connection; null when there is none. */
  certThumbprint: string | null | undefined;
  /** Checks this route requires in addition to the verifier's. */
  mandatoryChecks?: readonly string[];
}

export interface AttestationVerifier {
  verify(token: string | null | undefined, binding: RequestBinding): Promise<Decision>;
}

/** Tokens are around 1–2 KB; a far larger one is not worth decoding. */
const MAX_TOKEN_LENGTH = 16 * 1024;

export function createAttestationVerifier(options: VerifierOptions): AttestationVerifier {
  const keys = isKeySet(options.keys) ? options.keys : staticKeySet(options.keys);
  const now = options.now ?? Date.now;
  const maxAgeSeconds = options.maxAgeSeconds ?? EAR_MAX_LIFETIME_SECONDS;
  const clockToleranceSeconds = options.clockToleranceSeconds ?? 30;
  const baseMandatory = options.mandatoryChecks ?? [];
  const cache =
    options.cache === false
      ? undefined
      : new TokenCache(options.cache?.maxEntries, (options.cache?.ttlSeconds ?? 60) * 1000);

  async function verifyToken(token: string, nowMs: number): Promise<TokenFacts | ReasonCode> {
    const key = cache ? TokenCache.keyOf(token) : '';
    const hit = cache?.get(key, nowMs);
    // A key rotated out of the set takes its cached tokens with it.
    if (hit && keys.has(hit.kid)) return hit.facts;
    const kid = peekKid(token);
    if (kid !== undefined && !keys.has(kid)) await keys.refreshForUnknownKid(kid);
    if (keys.current().keys.length === 0) return 'VIGIL_GATEWAY_KEYS_UNAVAILABLE';
    try {
      const verified = await verifyEar(token, {
        jwks: keys.current(),
        issuer: options.issuer,
        audience: options.audience,
        maxAgeSeconds,
        clockToleranceSeconds,
        now: new Date(nowMs),
      });
      const facts = tokenFacts(verified);
      cache?.set(key, facts, kid ?? '', nowMs);
      return facts;
    } catch (error) {
      if (error instanceof EarError) return EAR_TO_GATEWAY[error.code];
      throw error;
    }
  }

  return {
    async verify(token, binding) {
      if (typeof token !== 'string' || token.length === 0) return refuse([reason('VIGIL_GATEWAY_MISSING_TOKEN')]);
      if (token.length > MAX_TOKEN_LENGTH) return refuse([reason('VIGIL_GATEWAY_MALFORMED', 'token too large')]);
      // Without a certificate there is nothing to bind to; never fall back to a bearer-only check.
      if (!binding.certThumbprint) return refuse([reason('VIGIL_GATEWAY_MISSING_CLIENT_CERT')]);
      const nowMs = now();
      const facts = await verifyToken(token, nowMs);
      if (typeof facts === 'string') return refuse([reason(facts)]);
      const mandatoryChecks = binding.mandatoryChecks?.length
        ? [...new Set([...baseMandatory, ...binding.mandatoryChecks])]
        : baseMandatory;
      return appraise(facts, {
        nowMs,
        certThumbprint: binding.certThumbprint,
        maxAgeSeconds,
        clockToleranceSeconds,
        allowWarning: options.allowWarning ?? true,
        mandatoryChecks,
        revocations: options.revocations,
      });
    },
  };
}

/** One-shot form; servers and middleware keep one verifier (and its cache) instead. */
export function verifyAttestation(
  token: string | null | undefined,
  options: VerifierOptions & RequestBinding,
): Promise<Decision> {
  return createAttestationVerifier({ ...options, cache: false }).verify(token, options);
}

function isKeySet(keys: KeySet | JSONWebKeySet): keys is KeySet {
  return typeof (keys as Partial<KeySet>).current === 'function';
}

/** The header's `kid`, read without trusting it (only to decide whether to reload the JWKS). */
function peekKid(token: string): string | undefined {
  const dot = token.indexOf('.');
  const bytes = dot > 0 ? decodeBase64url(token.slice(0, dot)) : null;
  if (!bytes) return undefined;
  try {
    const kid = (JSON.parse(new TextDecoder().decode(bytes)) as { kid?: unknown }).kid;
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
}

const EAR_TO_GATEWAY: Record<EarErrorCode, ReasonCode> = {
  VIGIL_EAR_MALFORMED: 'VIGIL_GATEWAY_MALFORMED',
  VIGIL_EAR_DUPLICATE_KEY: 'VIGIL_GATEWAY_MALFORMED',
  VIGIL_EAR_HEADER: 'VIGIL_GATEWAY_MALFORMED',
  VIGIL_EAR_ALG: 'VIGIL_GATEWAY_ALG',
  VIGIL_EAR_TYP: 'VIGIL_GATEWAY_TYP',
  VIGIL_EAR_KID: 'VIGIL_GATEWAY_UNKNOWN_KID',
  VIGIL_EAR_SIGNATURE: 'VIGIL_GATEWAY_SIGNATURE',
  VIGIL_EAR_CLAIMS: 'VIGIL_GATEWAY_CLAIMS',
  VIGIL_EAR_ISSUER: 'VIGIL_GATEWAY_ISSUER',
  VIGIL_EAR_AUDIENCE: 'VIGIL_GATEWAY_AUDIENCE',
  VIGIL_EAR_EXPIRED: 'VIGIL_GATEWAY_EXPIRED',
  VIGIL_EAR_TOO_OLD: 'VIGIL_GATEWAY_TOO_OLD',
  VIGIL_EAR_IAT_FUTURE: 'VIGIL_GATEWAY_NOT_YET_VALID',
  VIGIL_EAR_NOT_YET_VALID: 'VIGIL_GATEWAY_NOT_YET_VALID',
  VIGIL_EAR_CNF: 'VIGIL_GATEWAY_CNF_MISMATCH',
};
