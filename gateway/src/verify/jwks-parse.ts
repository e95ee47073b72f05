/**
 * Validation of a published JWKS. Only what an EAR can be verified with survives: public EC
 * P-256 signing keys with a `kid`. A JWKS that carries a private key (`d`) or two keys with one
 * `kid` is refused outright: it is a misconfiguration that must not be papered over.
 */
import { parseStrictJson } from '@vigil/shared';
import type { JSONWebKeySet, JWK } from 'jose';
import { GatewayError } from '../errors.js';

const B64URL = /^[A-Za-z0-9_-]+$/;

export function parseJwks(text: string, origin: string): JSONWebKeySet {
  let doc: unknown;
  try {
    doc = parseStrictJson(text, { maxDepth: 8 });
  } catch (cause) {
    throw new GatewayError('VIGIL_GATEWAY_JWKS_LOAD', `${origin}: not valid JSON: ${(cause as Error).message}`, {
      cause,
    });
  }
  return validateJwks(doc, origin);
}

export function validateJwks(doc: unknown, origin: string): JSONWebKeySet {
  const fail = (message: string): never => {
    throw new GatewayError('VIGIL_GATEWAY_JWKS_LOAD', `${origin}: ${message}`);
  };
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as { keys?: unknown }).keys)) {
    return fail('not a JWKS (an object with a "keys" array)');
  }
  const keys: JWK[] = [];
  const kids = new Set<string>();
  for (const entry of (doc as { keys: unknown[] }).keys) {
    if (typeof entry !== 'object' || entry === null) continue;
    const jwk = entry as Record<string, unknown>;
    if ('d' in jwk) fail(`key ${String(jwk.kid)} contains private key material`);
    if (!isUsableEs256(jwk)) continue; // other algorithms may be published for other consumers
    const kid = jwk.kid as string;
    if (kids.has(kid)) fail(`two keys share the kid "${kid}"`);
    kids.add(kid);
    keys.push({ kty: 'EC', crv: 'P-256', x: jwk.x as string, y: jwk.y as string, kid, alg: 'ES256', use: 'sig' });
  }
  if (keys.length === 0) fail('no usable ES256 (EC P-256) signing key with a kid');
  return { keys };
}

function isUsableEs256(jwk: Record<string, unknown>): boolean {
  return (
    jwk.kty === 'EC' &&
    jwk.crv === 'P-256' &&
    typeof jwk.x === 'string' &&
    B64URL.test(jwk.x) &&
    typeof jwk.y === 'string' &&
    B64URL.test(jwk.y) &&
    typeof jwk.kid === 'string' &&
    jwk.kid.length > 0 &&
    jwk.kid.length <= 256 &&
    (jwk.use === undefined || jwk.use === 'sig') &&
    (jwk.alg === undefined || jwk.alg === 'ES256')
  );
}
