/**
 * Remembers which SETs were already processed, for as long as a SET is accepted at all (the
 * receiver refuses older ones), so each `jti` takes effect once. Bounded: past `maxEntries` the
 * oldest ids are forgotten first; re-processing one of them is harmless because applying a
 * compliance change twice has the same effect as once.
 */
export class JtiWindow {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly maxEntries = 100_000,
  ) {}

  /** True the first time `id` is offered within the window; records it. */
  firstSeen(id: string, nowMs: number): boolean {
    this.prune(nowMs);
    const until = this.seen.get(id);
    if (until !== undefined && until > nowMs) return false;
    this.seen.set(id, nowMs + this.windowMs);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private prune(nowMs: number): void {
    for (const [id, until] of this.seen) {
      if (until > nowMs && this.seen.size < this.maxEntries) break;
      this.seen.delete(id);
    }
  }
}
