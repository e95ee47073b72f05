/** Test fixtures: a service signing key, its JWKS, and EARs (valid, or broken on purpose). */
import { EAR_PROFILE, EAR_TYP, signEar, type EarClaims } from '@vigil/shared';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JSONWebKeySet, type JWK } from 'jose';

export const ISSUER = 'https://vigil.example.test';
export const AUDIENCE = 'urn:vigil:gateway:apps';
export const DEVICE_ID = '0b6f3c1e-8d2a-4f5b-9c7d-1e2f3a4b5c6d';
export const OTHER_DEVICE_ID = '9f8e7d6c-5b4a-4321-8fed-cba987654321';
export const THUMBPRINT = 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0';
export const OTHER_THUMBPRINT = 'AAAAv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0';

export interface ServiceKey {
  privateKey: CryptoKey;
  publicJwk: JWK;
  kid: string;
  jwks: JSONWebKeySet;
}

export async function serviceKey(kid = 'svc-2025-01'): Promise<ServiceKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return { privateKey, publicJwk, kid, jwks: { keys: [publicJwk] } };
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export function earClaims(overrides: Partial<EarClaims> = {}, now = nowSeconds()): EarClaims {
  return {
    iss: ISSUER,
    sub: `urn:vigil:device:${DEVICE_ID}`,
    aud: AUDIENCE,
    iat: now,
    exp: now + 600,
    jti: `ear-${Math.random().toString(36).slice(2, 12)}`,
    cnf: { 'x5t#S256': THUMBPRINT },
    eat_profile: EAR_PROFILE,
    ear_verifier_id: { developer: 'https://vigil.dev', build: 'vigil-service test' },
    ear_status: 'affirming',
    submods: {
      vigil: {
        ear_status: 'affirming',
        ear_trustworthiness_vector: { configuration: 2, 'instance-identity': 2, hardware: 0, 'storage-opaque': 32 },
      },
    },
    vigil_checks: {
      'disk.encryption': { result: 'pass', reason: 'all volumes encrypted' },
      'net.firewall': { result: 'pass', reason: 'nftables default deny' },
    },
    vigil_policy: { id: 'vigil-default', hash: THUMBPRINT },
    vigil_verdict: { status: 'compliant', action: 'allow' },
    ...overrides,
  };
}

/** A properly signed EAR. */
export function ear(key: ServiceKey, overrides: Partial<EarClaims> = {}, now?: number): Promise<string> {
  return signEar(earClaims(overrides, now), key.privateKey, key.kid);
}

/** Signs anything, bypassing the claims schema, for tokens that must be wrong on purpose. */
export function rawEar(
  key: ServiceKey,
  payload: Record<string, unknown>,
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', typ: EAR_TYP, kid: key.kid, ...header })
    .sign(key.privateKey);
}

/** A verdict flipped to bad in every signal except `ear_status`, which still says affirming. */
export function contraindicatedVector(): Partial<EarClaims> {
  return {
    submods: {
      vigil: {
        ear_status: 'affirming',
        ear_trustworthiness_vector: { configuration: 96, 'instance-identity': 2 },
      },
    },
  };
}
