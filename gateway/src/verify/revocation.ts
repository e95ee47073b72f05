/**
 * Where CAEP `not-compliant` events land: per device, the latest event time. An EAR of that
 * device with `iat` at or before it is refused, so the device is locked out until the service
 * issues a newer result. Entries are only needed until every EAR they could refuse is too old
 * anyway (`retainSeconds` ≥ the verifier's max age + clock tolerance).
 *
 * Memory is bounded without ever forgetting a revocation: when the table is full, the oldest
 * entry is folded into a global floor that refuses *every* EAR issued at or before it. That
 * costs some devices a re-attestation, never a wrongful allow.
 */
export interface RevocationStore {
  /** Refuse this device's results with `iat` ≤ `eventTimestamp` (seconds since the epoch). */
  markNotCompliant(deviceId: string, eventTimestamp: number): void;
  /** The latest time through which this device's results are refused, if any. */
  revokedThrough(deviceId: string): number | undefined;
}

export interface MemoryRevocationOptions {
  retainSeconds?: number;
  maxEntries?: number;
  now?: () => number;
}

export class MemoryRevocationStore implements RevocationStore {
  private readonly entries = new Map<string, number>();
  private floor = -Infinity;
  private readonly retainMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: MemoryRevocationOptions = {}) {
    this.retainMs = (options.retainSeconds ?? 3_600) * 1000;
    this.maxEntries = options.maxEntries ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  markNotCompliant(deviceId: string, eventTimestamp: number): void {
    const previous = this.entries.get(deviceId);
    if (previous !== undefined && previous >= eventTimestamp) return;
    // Re-insert so Map order stays roughly oldest-first for pruning.
    this.entries.delete(deviceId);
    this.entries.set(deviceId, eventTimestamp);
    this.prune();
  }

  revokedThrough(deviceId: string): number | undefined {
    const own = this.entries.get(deviceId);
    const through = Math.max(own ?? -Infinity, this.floor);
    return through === -Infinity ? undefined : through;
  }

  get size(): number {
    return this.entries.size;
  }

  private prune(): void {
    const horizon = (this.now() - this.retainMs) / 1000;
    for (const [device, at] of this.entries) {
      if (at >= horizon && this.entries.size <= this.maxEntries) break;
      this.entries.delete(device);
      if (at >= horizon) this.floor = Math.max(this.floor, at);
    }
  }
}
