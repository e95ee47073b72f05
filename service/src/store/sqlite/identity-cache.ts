/**
 * The mTLS identity (certificate + device row) read for a challenge, kept for the evidence
 * request that follows it: one registry read per report instead of two (the lookup was the
 * largest single cost left on the event loop). Correct only because this process is the one
 * writer of the devices and certificates tables (the SQLite store is single-process; the CLI
 * writes tokens only), and every write forgets what it may change, inside the write itself:
 * a report's ingest forgets its device's entries, any other write (enrollment, renewal,
 * promotion, ban, retire, resync) forgets everything. A ban therefore applies to the very next
 * request, as before. The PostgreSQL store, shared by replicas, does not cache.
 */
import type { Identity } from '../types.js';

/** Entries past this are dropped all at once (a fleet of 10,000 reporting within a minute). */
const CAPACITY = 10_000;

export class IdentityCache {
  private readonly byThumbprint = new Map<string, Identity>();
  private readonly byDevice = new Map<string, Set<string>>();

  constructor(private readonly capacity = CAPACITY) {}

  /** The cached identity, else `read()`'s, remembered. */
  get(thumbprint: string, read: (thumbprint: string) => Identity | undefined): Identity | undefined {
    const cached = this.byThumbprint.get(thumbprint);
    if (cached) return cached;
    const identity = read(thumbprint);
    if (!identity) return undefined;
    if (this.byThumbprint.size >= this.capacity) this.clear();
    this.byThumbprint.set(thumbprint, identity);
    const thumbprints = this.byDevice.get(identity.device.id) ?? new Set<string>();
    thumbprints.add(thumbprint);
    this.byDevice.set(identity.device.id, thumbprints);
    return identity;
  }

  forgetDevice(deviceId: string): void {
    for (const thumbprint of this.byDevice.get(deviceId) ?? []) this.byThumbprint.delete(thumbprint);
    this.byDevice.delete(deviceId);
  }

  clear(): void {
    this.byThumbprint.clear();
    this.byDevice.clear();
  }

  /** Runs a registry write, then forgets everything it may have changed. */
  afterWrite<T>(write: () => T): T {
    try {
      return write();
    } finally {
      this.clear();
    }
  }

  get size(): number {
    return this.byThumbprint.size;
  }
}
