/**
 * A real compliance service over HTTPS and a real agent: enroll, push (real collectors), result
 * received and cached; the daemon serves it on its status socket; report and doctor read it.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentStatusSchema, CHECK_IDS } from '@vigil/shared';
import { enrolledSetup, type EnrolledSetup } from './support/enrolled.js';
import { agentCache, serviceReports, startAgent, vigil, waitFor } from './support/processes.js';

let setup: EnrolledSetup;

beforeAll(async () => {
  setup = await enrolledSetup('vigil-e2e-main-');
}, 60_000);

afterAll(async () => {
  await setup?.cleanup();
});

describe('agent ↔ service', () => {
  it('enrollment keeps the key private: file 0600 in a 0700 state dir, never in SQLite', () => {
    expect(statSync(setup.stateDir).mode & 0o777).toBe(0o700);
    const identity = join(setup.stateDir, 'identity');
    const pointer = JSON.parse(readFileSync(join(identity, 'identity.json'), 'utf8')) as { keyFile: string };
    expect(statSync(join(identity, pointer.keyFile)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(setup.stateDir, 'cache.db')).includes('PRIVATE KEY')).toBe(false);
  });

  it('vigil push with the real collectors: challenged report delivered, verdict and EAR cached', async () => {
    const push = await vigil(['push', '--state-dir', setup.stateDir, '--json']);
    expect(push.code, push.stderr).toBe(0);
    const outcome = JSON.parse(push.stdout) as {
      ok: boolean;
      report: { seq: number; challenged: boolean; jti: string };
      status: string;
    };
    expect(outcome).toMatchObject({ ok: true, report: { seq: 1, challenged: true } });
    expect(['compliant', 'warning', 'noncompliant', 'unknown']).toContain(outcome.status);
    expect(serviceReports(setup.service.dataDir, setup.deviceId)).toEqual([
      { jti: outcome.report.jti, seq: 1, challenged: 1 },
    ]);
    const last = await vigil(['report', '--last', '--json', '--state-dir', setup.stateDir]);
    const report = JSON.parse(last.stdout) as {
      state: string;
      claims: { posture: { observations: Record<string, unknown> } };
    };
    expect(report.state).toBe('delivered');
    expect(Object.keys(report.claims.posture.observations).sort()).toEqual([...CHECK_IDS].sort());
  }, 60_000);

  it('vigil run serves the cached result on its socket; vigil status --json shows it', async () => {
    const agent = startAgent(['--state-dir', setup.stateDir, '--only', 'os.version', '--interval-seconds', '2']);
    try {
      await waitFor(() => agent.logs().includes('"msg":"cycle finished"'), 'a daemon cycle', 30_000);
      const status = await vigil(['status', '--json', '--state-dir', setup.stateDir]);
      const parsed = AgentStatusSchema.parse(JSON.parse(status.stdout));
      expect(parsed.device).toMatchObject({ id: setup.deviceId, enrolled: true });
      expect(parsed.source).toBe('service');
      expect(parsed.result?.expired).toBe(false);
      expect(parsed.service.reachable).toBe(true);
      expect(parsed.problems.map((p) => p.code)).not.toContain('VIGIL_AGENT_NOT_RUNNING');
      expect(parsed.nextCollectionAt).not.toBeNull();
      // Human output and exit code follow the same status.
      const human = await vigil(['status', '--state-dir', setup.stateDir]);
      expect(human.stdout).toContain('Status:');
      expect(human.code).toBe(parsed.status === 'compliant' || parsed.status === 'warning' ? 0 : 1);
    } finally {
      expect(await agent.stop()).toBe(0);
    }
    expect(agent.logs()).toContain('"msg":"agent stopped"');
    // Stopped: status falls back to the cache and says so.
    const cached = JSON.parse((await vigil(['status', '--json', '--state-dir', setup.stateDir])).stdout) as {
      problems: { code: string }[];
      source: string;
    };
    expect(cached.problems.map((p) => p.code)).toContain('VIGIL_AGENT_NOT_RUNNING');
    const cache = agentCache(setup.stateDir);
    expect(cache.integrity).toEqual(['ok']);
    expect(cache.reports.every((r) => r.state === 'delivered')).toBe(true);
  }, 60_000);

  it('vigil doctor finds the enrolled identity, the service and the clock in order', async () => {
    const doctor = await vigil(['doctor', '--json', '--state-dir', setup.stateDir]);
    const findings = (JSON.parse(doctor.stdout) as { findings: { id: string; level: string }[] }).findings;
    const level = (id: string) => findings.find((f) => f.id === id)?.level;
    expect(level('identity')).toBe('ok');
    expect(level('certificate')).toBe('ok');
    expect(level('database')).toBe('ok');
    expect(level('service')).toBe('ok');
    expect(level('clock')).toBe('ok');
    expect(level('daemon')).toBe('warn');
  }, 60_000);
});
