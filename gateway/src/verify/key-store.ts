/**
 * The pinned signing keys of the compliance service, from a file or an HTTPS URL. Reads on the
 * request path are synchronous; reloads happen in the background every `ttlSeconds`, and on
 * demand when a token names an unknown `kid` (key rotation) — at most once per
 * `unknownKidIntervalSeconds`, so a flood of made-up kids cannot hammer the service.
 * A failed reload keeps the last good set, for at most `maxStaleSeconds`.
 */
import { readFile } from 'node:fs/promises';
import type { JSONWebKeySet } from 'jose';
import { GatewayError } from '../errors.js';
import { pinnedGet } from '../net/pinned-get.js';
import { parseJwks } from './jwks-parse.js';

export interface KeySet {
  /** The trusted public keys now; empty when none can be trusted. */
  current(): JSONWebKeySet;
  has(kid: string): boolean;
  /** A token named `kid` and it is unknown: reload if allowed. Never rejects. */
  refreshForUnknownKid(kid: string): Promise<void>;
}

export function staticKeySet(jwks: JSONWebKeySet): KeySet {
  const kids = new Set(jwks.keys.map((k) => k.kid));
  return { current: () => jwks, has: (kid) => kids.has(kid), refreshForUnknownKid: async () => {} };
}

export interface JwksSourceOptions {
  /** A file path, or an https:// URL. */
  source: string;
  /** Pinned CA (PEM) for an https source; required there. */
  ca?: string | Buffer;
  ttlSeconds?: number;
  unknownKidIntervalSeconds?: number;
  maxStaleSeconds?: number;
  timeoutMs?: number;
  /** Background reload failures (the last good set stays in use). */
  onError?: (error: GatewayError) => void;
  now?: () => number;
}

const EMPTY: JSONWebKeySet = { keys: [] };
const JWKS_ACCEPT = { accept: 'application/jwk-set+json, application/json' };

export class JwksKeyStore implements KeySet {
  private jwks: JSONWebKeySet = EMPTY;
  private kids = new Set<string>();
  private loadedAt = -Infinity;
  private lastAttempt = -Infinity;
  private inFlight: Promise<void> | undefined;
  private readonly load: () => Promise<string>;
  private readonly now: () => number;

  private constructor(private readonly options: JwksSourceOptions) {
    this.now = options.now ?? Date.now;
    this.load = sourceLoader(options);
  }

  /** Loads the key set once (throws `VIGIL_GATEWAY_JWKS_LOAD` if it cannot) and returns the store. */
  static async open(options: JwksSourceOptions): Promise<JwksKeyStore> {
    const store = new JwksKeyStore(options);
    await store.reload();
    return store;
  }

  current(): JSONWebKeySet {
    const age = this.now() - this.loadedAt;
    if (age > (this.options.ttlSeconds ?? 300) * 1000) this.backgroundReload();
    return age > (this.options.maxStaleSeconds ?? 86_400) * 1000 ? EMPTY : this.jwks;
  }

  has(kid: string): boolean {
    return this.current().keys.length > 0 && this.kids.has(kid);
  }

  async refreshForUnknownKid(_kid: string): Promise<void> {
    const interval = (this.options.unknownKidIntervalSeconds ?? 30) * 1000;
    if (this.inFlight) return this.inFlight.catch(() => {});
    if (this.now() - this.lastAttempt < interval) return;
    await this.reload().catch((error: unknown) => this.report(error));
  }

  /** Reloads now; concurrent callers share one load. */
  reload(): Promise<void> {
    this.inFlight ??= (async () => {
      this.lastAttempt = this.now();
      try {
        const jwks = parseJwks(await this.load(), describe(this.options.source));
        this.jwks = jwks;
        this.kids = new Set(jwks.keys.map((k) => k.kid ?? ''));
        this.loadedAt = this.now();
      } finally {
        this.inFlight = undefined;
      }
    })();
    return this.inFlight;
  }

  private backgroundReload(): void {
    if (this.inFlight || this.now() - this.lastAttempt < 5_000) return;
    void this.reload().catch((error: unknown) => this.report(error));
  }

  private report(error: unknown): void {
    const err =
      error instanceof GatewayError
        ? error
        : new GatewayError('VIGIL_GATEWAY_JWKS_LOAD', String(error), { cause: error });
    this.options.onError?.(err);
  }
}

function sourceLoader(options: JwksSourceOptions): () => Promise<string> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(options.source)) {
    const url = new URL(options.source);
    if (url.protocol !== 'https:')
      throw new GatewayError('VIGIL_GATEWAY_CONFIG', `JWKS URL must be https: ${url.origin}`);
    const ca = options.ca;
    if (!ca) throw new GatewayError('VIGIL_GATEWAY_CONFIG', 'a JWKS URL needs a pinned CA (--jwks-ca)');
    const where = `${url.origin}${url.pathname}`;
    return async () => {
      let res;
      try {
        res = await pinnedGet(url, {
          ca,
          timeoutMs: options.timeoutMs ?? 5_000,
          maxBytes: 256 * 1024,
          headers: JWKS_ACCEPT,
        });
      } catch (cause) {
        throw new GatewayError('VIGIL_GATEWAY_JWKS_LOAD', `${where}: ${(cause as Error).message}`, { cause });
      }
      if (res.status !== 200) throw new GatewayError('VIGIL_GATEWAY_JWKS_LOAD', `${where}: HTTP ${res.status}`);
      return res.body;
    };
  }
  return async () => {
    try {
      return await readFile(options.source, 'utf8');
    } catch (cause) {
      throw new GatewayError('VIGIL_GATEWAY_JWKS_LOAD', `${options.source}: ${(cause as Error).message}`, { cause });
    }
  };
}

function describe(source: string): string {
  // URLs may carry credentials or tokens in the query; never echo them.
  try {
    const url = new URL(source);
    return `${url.origin}${url.pathname}`;
  } catch {
    return source;
  }
}
