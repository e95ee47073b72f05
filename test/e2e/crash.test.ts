/**
 * Crashes: the agent (daemon or `vigil push`) is killed with SIGKILL at random moments, again
 * and again, while it collects, signs, commits and pushes. Afterwards no report is lost or
 * duplicated, the database is intact and the hash chain is unbroken on both sides.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolledSetup, type EnrolledSetup } from './support/enrolled.js';
import { agentCache, FAST_ENV, serviceDevice, serviceReports, vigil, VIGIL_BIN } from './support/processes.js';

const KILLS = 50;
let setup: EnrolledSetup;

beforeAll(async () => {
  setup = await enrolledSetup('vigil-e2e-crash-');
}, 60_000);

afterAll(async () => {
  await setup?.cleanup();
});

/**
 * Starts the agent and SIGKILLs it `afterMs` later, counted from `readyWhen` on its stderr when
 * given (the daemon's "agent started"), so kills land inside the work rather than in start-up.
 */
function runAndKill(args: string[], afterMs: number, readyWhen?: RegExp): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [VIGIL_BIN, ...args], {
      env: { ...process.env, ...FAST_ENV, VIGIL_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let timer: NodeJS.Timeout | undefined;
    const arm = () => (timer ??= setTimeout(() => child.kill('SIGKILL'), afterMs));
    if (!readyWhen) arm();
    let seen = '';
    child.stderr.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (readyWhen?.test(seen)) arm();
    });
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('kill -9 in a loop', () => {
  it(`survives ${KILLS} SIGKILLs without losing or duplicating a report`, async () => {
    const common = ['--state-dir', setup.stateDir, '--only', 'os.version'];
    // Calibrate on this machine: how long one uninterrupted `vigil push` takes, start to end.
    const started = performance.now();
    await vigil(['push', ...common]);
    const pushMs = performance.now() - started;
    for (let i = 0; i < KILLS; i++) {
      const jitter = Math.random();
      if (Math.random() < 0.6) {
        // The daemon: killed during its first cycles (one per second), after it started.
        await runAndKill(
          ['run', ...common, '--interval-seconds', '1'],
          Math.floor(jitter * 1000),
          /"msg":"agent started"/,
        );
      } else {
        // `vigil push`: killed anywhere from start-up to the end of its push.
        await runAndKill(['push', ...common], Math.floor((0.3 + jitter) * pushMs));
      }
    }
    // A final uninterrupted push delivers whatever the last kill left queued. The service
    // rate-limits challenges (this loop asks for ~50 in a minute), which still delivers the
    // report unchallenged (exit 5 says "no fresh result"); a request the service was finishing
    // for a killed agent answers 409 "in progress" for a moment.
    let final = await vigil(['push', ...common]);
    for (
      let attempt = 0;
      attempt < 3 && agentCache(setup.stateDir).reports.some((r) => r.state === 'pending');
      attempt++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      final = await vigil(['push', ...common]);
    }
    expect([0, 5], final.stderr).toContain(final.code);
    if (final.code === 5) expect(final.stderr).toContain('VIGIL_PUSH_RATE_LIMITED');

    const cache = agentCache(setup.stateDir);
    expect(cache.integrity).toEqual(['ok']);
    const accepted = serviceReports(setup.service.dataDir, setup.deviceId);
    expect(accepted.length).toBeGreaterThanOrEqual(10);
    // Nothing lost: every report the agent ever signed was delivered, and the service has it.
    expect(cache.reports.map((r) => r.state).filter((s) => s !== 'delivered')).toEqual([]);
    expect(accepted.map((r) => r.jti)).toEqual(cache.reports.map((r) => r.jti));
    // Nothing duplicated, chain intact: seq 1..N in arrival order, one row per jti, no fork.
    expect(new Set(accepted.map((r) => r.jti)).size).toBe(accepted.length);
    expect(accepted.map((r) => r.seq)).toEqual(accepted.map((_, i) => i + 1));
    expect(cache.chain.lastSeq).toBe(accepted.length);
    expect(serviceDevice(setup.service.dataDir, setup.deviceId)).toMatchObject({
      forked_at: null,
      last_seq: accepted.length,
    });
  }, 240_000);
});
