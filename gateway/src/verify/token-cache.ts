/**
 * Remembers tokens whose signature and claims already verified, so a device that sends the same
 * EAR on every request costs one hash and a map lookup instead of an ECDSA verification. Only
 * the token-intrinsic result is cached: expiry, the connection's certificate, revocations and
 * route requirements are re-checked on every hit (appraise.ts), and an entry never outlives the
 * token's `exp` or the key that signed it.
 */
import { createHash } from 'node:crypto';
import type { TokenFacts } from './token-facts.js';

export interface CachedToken {
  facts: TokenFacts;
  kid: string;
  /** Epoch ms after which the entry must not be used. */
  until: number;
}

export class TokenCache {
  private readonly entries = new Map<string, CachedToken>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly ttlMs = 60_000,
  ) {}

  static keyOf(token: string): string {
    return createHash('sha256').update(token).digest('base64url');
  }

  get(key: string, now: number): CachedToken | undefined {
    const hit = this.entries.get(key);
    if (hit === undefined) return undefined;
    if (hit.until <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return hit;
  }

  set(key: string, facts: TokenFacts, kid: string, now: number): void {
    if (this.maxEntries <= 0) return;
    const until = Math.min(now + this.ttlMs, facts.exp * 1000);
    if (until <= now) return;
    if (this.entries.size >= this.maxEntries) {
      // Map iteration order is insertion order: drop the oldest.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { facts, kid, until });
  }

  get size(): number {
    return this.entries.size;
  }
}
