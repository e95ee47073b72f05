/**
 * The real world: a corrupted cache file, a full disk, a service certificate from the wrong CA.
 * The agent says clearly what happened and carries on (or refuses, for TLS) without a crash loop.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolledSetup, type EnrolledSetup } from './support/enrolled.js';
import {
  agentCache,
  createAdminToken,
  createEnrollToken,
  serviceReports,
  startAgent,
  startService,
  vigil,
  waitFor,
} from './support/processes.js';

let setup: EnrolledSetup;

beforeAll(async () => {
  setup = await enrolledSetup('vigil-e2e-faults-');
  const first = await vigil(['push', '--state-dir', setup.stateDir, '--only', 'os.version']);
  if (first.code !== 0) throw new Error(`first push failed: ${first.stderr}`);
}, 60_000);

afterAll(async () => {
  await setup?.cleanup();
});

const common = () => ['--state-dir', setup.stateDir, '--only', 'os.version'];

describe('faults', () => {
  it('a corrupted database is moved aside with a clear log line; the admin resync path restores the chain', async () => {
    writeFileSync(join(setup.stateDir, 'cache.db'), Buffer.alloc(64 * 1024, 0x5a));
    rmSync(join(setup.stateDir, 'cache.db-wal'), { force: true });
    const push = await vigil(['push', ...common(), '--json']);
    expect(push.stderr).toContain('cache database corrupt; moved aside');
    expect(push.stderr).toContain('VIGIL_CACHE_CORRUPT');
    expect(readdirSync(setup.stateDir).some((name) => name.startsWith('cache.db.corrupt-'))).toBe(true);
    expect(agentCache(setup.stateDir).integrity).toEqual(['ok']);
    // The fresh chain restarts at 1: the service refuses it as a rollback and flags the device.
    const doctor = JSON.parse((await vigil(['doctor', '--json', ...common()])).stdout) as {
      findings: { id: string; level: string; fix?: string }[];
    };
    expect(doctor.findings.find((f) => f.id === 'outbox')).toMatchObject({ level: 'fail' });
    // Documented resync: the admin asks for it; the next challenged report re-anchors the chain.
    const admin = createAdminToken(setup.service.dataDir);
    const resync = await fetchAdmin(
      `${setup.service.url}/v1/admin/devices/${setup.deviceId}/resync`,
      admin,
      setup.caFile,
    );
    expect(resync).toBe(200);
    const after = await vigil(['push', ...common(), '--json']);
    expect(JSON.parse(after.stdout)).toMatchObject({ ok: true, report: { challenged: true } });
  }, 60_000);

  it('a server certificate from another CA is refused; nothing is sent, the report stays queued', async () => {
    await setup.service.stop();
    const other = await startService(join(setup.dir, 'impostor'), setup.service.port);
    try {
      const push = await vigil(['push', ...common()]);
      expect(push.code).toBe(5);
      expect(push.stderr).toContain('VIGIL_PUSH_TLS');
      expect(agentCache(setup.stateDir).reports.filter((r) => r.state === 'pending').length).toBe(1);
      // Enrolling against a service whose CA we were not given is refused the same way.
      const token = createEnrollToken(join(setup.dir, 'impostor'));
      const enroll = await vigil([
        'enroll',
        '--state-dir',
        join(setup.dir, 'agent2'),
        '--server',
        other.url,
        '--token',
        token,
        '--ca',
        setup.caFile,
      ]);
      expect(enroll.code).toBe(5);
      expect(enroll.stderr).toContain('VIGIL_PUSH_TLS');
      expect(serviceReports(join(setup.dir, 'impostor'), setup.deviceId)).toEqual([]);
    } finally {
      await other.stop();
      await setup.restartService();
    }
  }, 60_000);

  it('a full disk gives one clear error, no crash loop, and recovers when space is freed', async (ctx) => {
    const mountPoint = join(setup.dir, 'small-disk');
    mkdirSync(mountPoint);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint]);
    if (mounted.status !== 0) ctx.skip(); // needs root; the unit test covers SQLITE_FULL via max_page_count
    try {
      const stateDir = join(mountPoint, 'agent');
      const token = createEnrollToken(setup.service.dataDir);
      const enroll = await vigil([
        'enroll',
        '--state-dir',
        stateDir,
        '--server',
        setup.service.url,
        '--token',
        token,
        '--ca',
        setup.caFile,
      ]);
      expect(enroll.code, enroll.stderr).toBe(0);
      const agent = startAgent(['--state-dir', stateDir, '--only', 'os.version', '--interval-seconds', '1']);
      try {
        await waitFor(() => agent.logs().includes('"msg":"cycle finished"'), 'a first cycle', 30_000);
        // Fill the disk to the last byte.
        const filler = join(mountPoint, 'filler');
        spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'ignore' });
        await waitFor(() => agent.logs().includes('VIGIL_CACHE_DISK_FULL'), 'the disk-full error', 30_000);
        const failing = agent
          .logs()
          .split('\n')
          .filter((l) => l.includes('VIGIL_CACHE_DISK_FULL')).length;
        await new Promise((resolve) => setTimeout(resolve, 3000));
        expect(agent.process.exitCode).toBeNull(); // still running: no crash loop
        expect(agent.logs()).toContain('free disk space');
        rmSync(filler);
        const before = agent
          .logs()
          .split('\n')
          .filter((l) => l.includes('"msg":"cycle finished"')).length;
        await waitFor(
          () =>
            agent
              .logs()
              .split('\n')
              .filter((l) => l.includes('"msg":"cycle finished"')).length > before,
          'recovery',
          30_000,
        );
        expect(failing).toBeGreaterThan(0);
      } finally {
        expect(await agent.stop()).toBe(0);
      }
      expect(agentCache(stateDir).integrity).toEqual(['ok']);
    } finally {
      spawnSync('umount', ['-l', mountPoint]);
    }
  }, 90_000);
});

/** POST with the admin bearer token over TLS trusting only the service CA. */
function fetchAdmin(url: string, token: string, caFile: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', ca: readFileSync(caFile), headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
