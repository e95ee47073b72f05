/**
 * The fleet simulator end to end against a real local service (the built dist: `npx tsc -b`):
 * devices enroll, report over mTLS, go offline and deliver their backlog in order, turn
 * non-compliant; a second run on the same cache resumes every chain without a fork.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { simulate } from '../simulate-fleet.mjs';
import { parseOptions } from './options.mjs';

const cacheDir = mkdtempSync(join(tmpdir(), 'vigil-fleet-e2e-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

interface Run {
  counts: Record<string, number>;
  errors: Record<string, number>;
  verdicts: Record<string, number>;
  latencyMs: { report: { count: number; p99: number }; backlog: { count: number } };
  achievedPerSecond: number;
  /** Since the fleet started, warm-up included. */
  totals: { counts: Record<string, number>; errors: Record<string, number> };
}

async function runOnce(): Promise<Run> {
  const options = {
    ...parseOptions([
      '--devices',
      '24',
      '--cadence-seconds',
      '0.8',
      '--duration',
      '5',
      '--warmup',
      '1',
      '--offline-share',
      '0.4',
      '--noncompliant-share',
      '1',
      '--workers',
      '1',
      '--cache-dir',
      cacheDir,
    ]),
    // Other jobs may load this machine; the service's own overload limits are tested elsewhere.
    serviceSettings: { maxEventLoopDelayMs: 60_000 },
  };
  const result = (await simulate(options, () => {})) as { run: Run };
  return result.run;
}

describe('simulate-fleet', () => {
  it(
    'drives a fleet with offline backlogs and posture changes, then resumes the chains',
    { timeout: 180_000 },
    async () => {
      const first = await runOnce();
      expect(first.errors).toEqual({});
      expect(first.totals.errors).toEqual({});
      expect(first.counts.challenged).toBeGreaterThan(20);
      expect(first.counts.queued).toBeGreaterThan(0); // offline devices signed reports locally…
      expect(first.counts.unchallenged).toBeGreaterThan(0); // …and delivered them when back
      expect(first.latencyMs.backlog.count).toBe(first.counts.unchallenged);
      expect(first.verdicts.noncompliant).toBeGreaterThan(0);
      expect(first.verdicts.compliant).toBeGreaterThan(0);
      expect(readdirSync(join(cacheDir, 'keys'))).toHaveLength(24);

      // Same cache, same service data: devices go on from the chain position the service acked.
      const second = await runOnce();
      expect(second.totals.errors).toEqual({}); // a lost chain would be refused as a fork (409)…
      expect(second.totals.counts.resynced).toBeUndefined(); // …and resynced
      expect(second.counts.challenged).toBeGreaterThan(20);
    },
  );
});
