/**
 * Per-device token bucket for challenges. In memory: a restart forgets it, which at worst
 * allows one extra burst. Entries for quiet devices are dropped so the map stays bounded.
 */
export class ChallengeLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly burst: number;
  private readonly perMs: number;

  constructor(burst: number, refillPerMinute: number) {
    this.burst = burst;
    this.perMs = refillPerMinute / 60_000;
  }

  /** Takes a token; returns 0 when allowed, else seconds until the next token. */
  take(deviceId: string, now: number): number {
    const bucket = this.buckets.get(deviceId) ?? { tokens: this.burst, at: now };
    // A wall clock stepped back (NTP) must not drain the bucket: that locked devices out for as
    // long as the step (test/faults/clock.test.ts).
    bucket.tokens = Math.min(this.burst, bucket.tokens + Math.max(0, now - bucket.at) * this.perMs);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.buckets.set(deviceId, bucket);
      if (this.buckets.size > 100_000) this.prune(now);
      return 0;
    }
    this.buckets.set(deviceId, bucket);
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
  }

  private prune(now: number): void {
    const full = this.burst / this.perMs;
    for (const [id, bucket] of this.buckets) if (now - bucket.at > full) this.buckets.delete(id);
  }
}
