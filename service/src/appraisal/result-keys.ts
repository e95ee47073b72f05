/**
 * The ES256 keys that sign attestation results. Persisted as JWKs in the data directory (0600);
 * the newest signs, older ones stay in the published JWKS for a day after rotation so results
 * and cached key sets in gateways keep verifying across a rotation.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JSONWebKeySet, type JWK } from 'jose';
import { readIfExists, writePrivateFile } from '../data-dir.js';

const KEEP_RETIRED_MS = 86_400_000;

interface StoredKey {
  kid: string;
  createdAt: string;
  retiredAt?: string;
  privateJwk: JWK;
}

export class ResultKeyRing {
  private keys: StoredKey[];
  private readonly path: string | undefined;
  private signer: { kid: string; key: KeyObject };
  private published: JSONWebKeySet;

  private constructor(keys: StoredKey[], path: string | undefined) {
    this.keys = keys;
    this.path = path;
    this.signer = this.makeSigner();
    this.published = this.makeJwks(new Date());
  }

  /** Loads the key file, creating it with one key on first start. `path` undefined = memory only. */
  static async open(path: string | undefined, now = new Date()): Promise<ResultKeyRing> {
    const text = path ? readIfExists(path) : undefined;
    if (text) return new ResultKeyRing((JSON.parse(text) as { keys: StoredKey[] }).keys, path);
    const ring = new ResultKeyRing([await newKey(now)], path);
    ring.save();
    return ring;
  }

  current(): { kid: string; key: KeyObject } {
    return this.signer;
  }

  jwks(): JSONWebKeySet {
    return this.published;
  }

  async rotate(now = new Date()): Promise<string> {
    const fresh = await newKey(now);
    this.keys = [
      fresh,
      ...this.keys
        .map((k) => (k.retiredAt ? k : { ...k, retiredAt: now.toISOString() }))
        .filter((k) => now.getTime() - Date.parse(k.retiredAt ?? '') < KEEP_RETIRED_MS),
    ];
    this.save();
    this.signer = this.makeSigner();
    this.published = this.makeJwks(now);
    return fresh.kid;
  }

  private makeSigner() {
    const active = this.keys.find((k) => !k.retiredAt);
    if (!active) throw new Error('result key ring has no active key');
    return { kid: active.kid, key: createPrivateKey({ key: active.privateJwk as never, format: 'jwk' }) };
  }

  private makeJwks(now: Date): JSONWebKeySet {
    const live = this.keys.filter((k) => !k.retiredAt || now.getTime() - Date.parse(k.retiredAt) < KEEP_RETIRED_MS);
    return { keys: live.map((k) => publicJwk(k)) };
  }

  private save(): void {
    if (this.path) writePrivateFile(this.path, `${JSON.stringify({ keys: this.keys }, null, 2)}\n`);
  }
}

async function newKey(now: Date): Promise<StoredKey> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const privateJwk = privateKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(publicJwkOf(privateJwk));
  return { kid, createdAt: now.toISOString(), privateJwk };
}

function publicJwkOf(jwk: JWK): JWK {
  return createPublicKey({ key: jwk as never, format: 'jwk' }).export({ format: 'jwk' }) as JWK;
}

function publicJwk(key: StoredKey): JWK {
  return { ...publicJwkOf(key.privateJwk), kid: key.kid, alg: 'ES256', use: 'sig' };
}
