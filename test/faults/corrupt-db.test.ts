/**
 * Fault 6: a database file garbled or cut short, on each side.
 * - Service: it refuses to start, naming the file and what to do; meanwhile the agent queues;
 *   restoring the backup brings everything back and the queue arrives once.
 * - Agent: the cache is moved aside with a clear log line naming both files; the fresh chain is
 *   refused as a rollback until the documented admin resync, after which delivery resumes.
 */
import { copyFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postAdmin } from '../e2e/support/admin.js';
import { agentReports, expectDeliveredExactlyOnce, serviceReportRows } from '../e2e/support/delivery.js';
import { enrolledSetup, type EnrolledSetup } from '../e2e/support/enrolled.js';
import { agentCache, createAdminToken, SERVICE_BIN, vigil } from '../e2e/support/processes.js';
import { spawnSync } from 'node:child_process';

let setup: EnrolledSetup;

beforeAll(async () => {
  setup = await enrolledSetup('vigil-fault-corrupt-');
  const first = await vigil(['push', ...common()]);
  if (first.code !== 0) throw new Error(`first push failed: ${first.stderr}`);
}, 60_000);

afterAll(async () => {
  await setup?.cleanup();
});

const common = () => ['--state-dir', setup.stateDir, '--only', 'os.version'];
const where = () => ({ dataDir: setup.service.dataDir, stateDir: setup.stateDir, deviceId: setup.deviceId });
const serviceDb = () => join(setup.service.dataDir, 'vigil-service.sqlite');
const cacheDb = () => join(setup.stateDir, 'cache.db');

const DAMAGE: [string, (file: string) => void][] = [
  ['garbled', (file) => writeFileSync(file, Buffer.alloc(64 * 1024, 0x5a))],
  ['truncated', (file) => truncateSync(file, Math.floor(statSync(file).size / 2))],
];

/** `vigil-service start` on the current data dir, in the foreground: its exit code and stderr. */
function startServiceOnce() {
  const args = ['start', '--data-dir', setup.service.dataDir, '--port', '0', '--json'];
  return spawnSync(process.execPath, [SERVICE_BIN, ...args], { encoding: 'utf8', timeout: 30_000 });
}

describe('service database damaged', () => {
  it.each(DAMAGE)(
    '%s: refuses to start and says why; the backup restores it, nothing lost',
    async (_, damage) => {
      await setup.service.stop();
      const backup = `${serviceDb()}.backup`;
      copyFileSync(serviceDb(), backup); // stopped cleanly: the WAL is checkpointed into the file
      damage(serviceDb());

      const start = startServiceOnce();
      expect(start.status).toBe(3);
      expect(start.stderr).toContain(`the database file ${serviceDb()} is damaged`);
      expect(start.stderr).toContain('Restore it from a backup');

      // Meanwhile the agent keeps its reports.
      const offline = await vigil(['push', ...common()]);
      expect(offline.code).toBe(5);
      expect(offline.stderr).toContain('VIGIL_PUSH_UNREACHABLE');

      copyFileSync(backup, serviceDb());
      rmSync(backup);
      await setup.restartService();
      const back = await vigil(['push', ...common(), '--json']);
      expect(back.code, back.stderr).toBe(0);
      expect(JSON.parse(back.stdout)).toMatchObject({ ok: true, delivered: 2, pending: 0 });
      expectDeliveredExactlyOnce(where(), 3);
    },
    90_000,
  );
});

describe('agent cache damaged', () => {
  it.each(DAMAGE)(
    '%s: moved aside with a clear log line; the admin resync restores delivery',
    async (_, damage) => {
      const before = serviceReportRows(setup.service.dataDir, setup.deviceId);
      damage(cacheDb());
      rmSync(`${cacheDb()}-wal`, { force: true });
      const push = await vigil(['push', ...common(), '--json']);
      expect(push.stderr).toContain('cache database corrupt; moved aside');
      expect(push.stderr).toContain('VIGIL_CACHE_CORRUPT');
      expect(push.stderr).toContain(`"file":"${cacheDb()}"`);
      const movedTo = /"moved_to":"([^"]+)"/.exec(push.stderr)?.[1];
      expect(movedTo && readdirSync(setup.stateDir)).toContain(movedTo!.split('/').at(-1));
      expect(agentCache(setup.stateDir).integrity).toEqual(['ok']);
      // The fresh chain restarts at 1: the service refuses it as a rollback and flags the device.
      expect(agentReports(setup.stateDir)).toMatchObject([
        { seq: 1, state: 'rejected', errorCode: 'VIGIL_EVIDENCE_SEQUENCE' },
      ]);
      const doctor = JSON.parse((await vigil(['doctor', '--json', ...common()])).stdout) as {
        findings: { id: string; level: string }[];
      };
      expect(doctor.findings.find((f) => f.id === 'outbox')).toMatchObject({ level: 'fail' });

      // Documented resync: the admin asks for it; the next challenged report re-anchors the chain.
      const admin = createAdminToken(setup.service.dataDir);
      const url = `${setup.service.url}/v1/admin/devices/${setup.deviceId}/resync`;
      expect(await postAdmin(url, admin, setup.caFile)).toBe(200);
      const after = await vigil(['push', ...common(), '--json']);
      expect(JSON.parse(after.stdout)).toMatchObject({ ok: true, report: { seq: 2, challenged: true } });
      // The service kept everything it had; the new chain continues from the resynced report.
      const accepted = serviceReportRows(setup.service.dataDir, setup.deviceId);
      expect(accepted.slice(0, before.length)).toEqual(before);
      expect(accepted.slice(before.length).map((r) => [r.seq, r.jti])).toEqual([
        [2, agentReports(setup.stateDir)[1]!.jti],
      ]);
    },
    90_000,
  );
});
