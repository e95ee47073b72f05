/**
 * The ES256 keys that sign attestation results, stored as JWKs: a file in the data directory
 * (0600), or the key material replicas share (see ../shared-keys.ts). A rotation adds a key that
 * is published at once but signs only from `activatesAt`, `publishAheadMs` later: with several
 * replicas, each one (and each gateway) has it in its JWKS before any result it signs appears.
 * The key it replaces stays published for a day, so results and cached key sets keep verifying.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JSONWebKeySet, type JWK } from 'jose';
import { readIfExists, writePrivateFile } from '../data-dir.js';

const KEEP_RETIRED_MS = 86_400_000;

interface StoredKey {
  kid: string;
  createdAt: string;
  /** When it starts signing (absent: at creation). */
  activatesAt?: string;
  /** Written by earlier versions; now implied by the next key's activation. */
  retiredAt?: string;
  privateJwk: JWK;
}

/** Where the ring lives. `update` is atomic across every process sharing the storage. */
export interface KeyRingStorage {
  read(): Promise<string | undefined>;
  /** `change` returns the text to store, or undefined to keep the current one; resolves to the stored text. */
  update(change: (current: string | undefined) => Promise<string | undefined>): Promise<string | undefined>;
}

export interface KeyRingOptions {
  /** Delay between publishing a rotated key and signing with it (default 0: at once). */
  publishAheadMs?: number;
  now?: () => Date;
}

export class ResultKeyRing {
  private keys: StoredKey[];
  private readonly signers = new Map<string, KeyObject>();
  private readonly publicKeys = new Map<string, JWK>();

  private constructor(
    text: string,
    private readonly storage: KeyRingStorage,
    private readonly clock: () => Date,
    private readonly publishAheadMs: number,
  ) {
    this.keys = parseRing(text);
  }

  /**
   * Loads the ring, creating it with one key if the storage holds none (once, even when several
   * replicas start together). `storage`: a file path, a shared storage, or nothing (memory only).
   */
  static async open(storage?: string | KeyRingStorage, options: KeyRingOptions = {}): Promise<ResultKeyRing> {
    const store = typeof storage === 'string' ? fileKeyRingStorage(storage) : (storage ?? memoryKeyRingStorage());
    const clock = options.now ?? (() => new Date());
    const text = await store.update(async (current) => current ?? serializeRing([await newKey(clock(), 0)]));
    if (text === undefined) throw new Error('result key storage returned nothing');
    return new ResultKeyRing(text, store, clock, options.publishAheadMs ?? 0);
  }

  /** The key that signs now: the most recently activated one. */
  current(): { kid: string; key: KeyObject } {
    const active = signer(this.keys, this.clock().getTime());
    if (!active) throw new Error('result key ring has no key');
    let key = this.signers.get(active.kid);
    if (!key) {
      key = createPrivateKey({ key: active.privateJwk as never, format: 'jwk' });
      this.signers.set(active.kid, key);
    }
    return { kid: active.kid, key };
  }

  /** Keys not yet signing, the signer, and keys retired less than a day ago. */
  jwks(): JSONWebKeySet {
    const now = this.clock().getTime();
    const live = this.keys.filter((k, i) => {
      const retired = retiredAt(this.keys, i);
      return retired === undefined || now - retired < KEEP_RETIRED_MS;
    });
    return { keys: live.map((k) => this.publicJwk(k)) };
  }

  activatesAt(kid: string): Date | undefined {
    const key = this.keys.find((k) => k.kid === kid);
    return key ? new Date(activation(key)) : undefined;
  }

  /** Adds a key that signs from now + publishAheadMs; returns its kid. */
  async rotate(now = this.clock()): Promise<string> {
    const fresh = await newKey(now, this.publishAheadMs);
    const text = await this.storage.update(async (current) => {
      const keys = [fresh, ...(current === undefined ? this.keys : parseRing(current))];
      const sorted = sortRing(keys);
      return serializeRing(
        sorted.filter((_, i) => {
          const retired = retiredAt(sorted, i);
          return retired === undefined || now.getTime() - retired < KEEP_RETIRED_MS;
        }),
      );
    });
    if (text !== undefined) this.keys = parseRing(text);
    return fresh.kid;
  }

  /**
   * Drops a key that must not be trusted any more (leaked, or suspected to be): it leaves the
   * ring at once, so it neither signs nor is published, and results it signed stop verifying
   * once gateways reload the JWKS. If it was signing, or was the only key, a new key replaces it
   * and signs at once: no publish-ahead, since the old one must stop now (a gateway that has not
   * seen the new key fetches it on the first unknown `kid`). Returns undefined for an unknown kid.
   */
  async drop(kid: string, now = this.clock()): Promise<{ dropped: string; signing: string } | undefined> {
    const fresh = await newKey(now, 0);
    let found = false;
    const text = await this.storage.update(async (current) => {
      const keys = current === undefined ? this.keys : parseRing(current);
      found = keys.some((k) => k.kid === kid);
      if (!found) return undefined;
      const rest = keys.filter((k) => k.kid !== kid);
      const signing = rest.find((k) => activation(k) <= now.getTime());
      const wasSigning = signer(keys, now.getTime())?.kid === kid;
      return serializeRing(sortRing(wasSigning || !signing ? [fresh, ...rest] : rest));
    });
    if (text !== undefined) this.keys = parseRing(text);
    if (!found) return undefined;
    this.signers.delete(kid);
    this.publicKeys.delete(kid);
    return { dropped: kid, signing: this.current().kid };
  }

  /** Re-reads the storage: a rotation made by another replica shows up here. */
  async refresh(): Promise<void> {
    const text = await this.storage.read();
    if (text !== undefined) this.keys = parseRing(text);
  }

  /** Refreshes every `intervalMs` until stopped (replicas sharing the ring). */
  watch(intervalMs: number, onError: (error: unknown) => void): { stop(): void } {
    const timer = setInterval(() => void this.refresh().catch(onError), intervalMs);
    timer.unref();
    return { stop: () => clearInterval(timer) };
  }

  private publicJwk(key: StoredKey): JWK {
    let jwk = this.publicKeys.get(key.kid);
    if (!jwk) {
      jwk = { ...publicJwkOf(key.privateJwk), kid: key.kid, alg: 'ES256', use: 'sig' };
      this.publicKeys.set(key.kid, jwk);
    }
    return jwk;
  }
}

const activation = (k: StoredKey) => Date.parse(k.activatesAt ?? k.createdAt);

/** The most recently activated key of a sorted ring (the oldest if none has activated yet). */
const signer = (sorted: StoredKey[], now: number) => sorted.find((k) => activation(k) <= now) ?? sorted.at(-1);

/** Newest activation first. */
function sortRing(keys: StoredKey[]): StoredKey[] {
  return [...keys].sort((a, b) => activation(b) - activation(a));
}

/** A key retires when the next newer key activates (or at its recorded `retiredAt`, if earlier). */
function retiredAt(sorted: StoredKey[], index: number): number | undefined {
  const newer = index > 0 ? activation(sorted[index - 1]!) : undefined;
  const recorded = sorted[index]?.retiredAt ? Date.parse(sorted[index].retiredAt) : undefined;
  if (newer === undefined) return recorded;
  return recorded === undefined ? newer : Math.min(newer, recorded);
}

function parseRing(text: string): StoredKey[] {
  const keys = (JSON.parse(text) as { keys?: StoredKey[] }).keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new Error('result key ring holds no keys');
  return sortRing(keys);
}

const serializeRing = (keys: StoredKey[]) => `${JSON.stringify({ keys }, null, 2)}\n`;

async function newKey(now: Date, publishAheadMs: number): Promise<StoredKey> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const privateJwk = privateKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(publicJwkOf(privateJwk));
  return {
    kid,
    createdAt: now.toISOString(),
    ...(publishAheadMs > 0 ? { activatesAt: new Date(now.getTime() + publishAheadMs).toISOString() } : {}),
    privateJwk,
  };
}

function publicJwkOf(jwk: JWK): JWK {
  return createPublicKey({ key: jwk as never, format: 'jwk' }).export({ format: 'jwk' }) as JWK;
}

/** One process owns the file (SQLite deployments): read, change, write 0600 by rename. */
export function fileKeyRingStorage(path: string): KeyRingStorage {
  return {
    read: async () => readIfExists(path),
    async update(change) {
      const current = readIfExists(path);
      const next = await change(current);
      if (next === undefined || next === current) return current;
      writePrivateFile(path, next);
      return next;
    },
  };
}

/** A ring kept in memory only; every ring opened on one such storage shares it, as replicas share the database. */
export function memoryKeyRingStorage(): KeyRingStorage {
  let text: string | undefined;
  return {
    read: async () => text,
    async update(change) {
      const next = await change(text);
      if (next !== undefined) text = next;
      return text;
    },
  };
}
