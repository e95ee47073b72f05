/**
 * The user-mode agent of a personal device, run as a real unprivileged user on this machine
 * (created here with useradd when absent, commands run with runuser): it enrolls from a code,
 * pushes, reports the checks that need root as `unsupported` with the reason, installs its
 * autostart unit; then `vigil unenroll` retires it at the service, stops the running agent and
 * leaves no Vigil file in the user's home, and the service refuses anything more from it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caFingerprint, encodeEnrollmentCode, firstCertificateDer } from '@vigil/shared';
import { identifiersIn, payloadOf, serviceDevices } from './byod-support.js';
import {
  createEnrollToken,
  FAST_ENV,
  freePort,
  runCommand,
  serviceReports,
  startService,
  vigil,
  VIGIL_BIN,
  waitFor,
  type CommandResult,
  type RunningService,
} from './support/processes.js';

const USER = 'byod-e2e';
const RUNUSER = '/usr/sbin/runuser';
let home: string;
let createdUser = false;
let dir: string;
let service: RunningService;
let homeBefore: string[];

function tree(root: string): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const child = join(path, name);
      const info = statSync(child, { throwIfNoEntry: false });
      if (!info) continue;
      out.push(`${info.isDirectory() ? 'd' : 'f'} ${relative(root, child)}`);
      if (info.isDirectory()) walk(child);
    }
  };
  walk(root);
  return out.sort();
}

function asUser(args: string[], timeoutMs = 120_000): Promise<CommandResult> {
  return runCommand(
    RUNUSER,
    ['-u', USER, '--', process.execPath, VIGIL_BIN, ...args],
    { PATH: '/usr/bin:/bin', HOME: home, USER, LOGNAME: USER, LANG: 'C', ...FAST_ENV },
    timeoutMs,
  );
}

beforeAll(async () => {
  if (spawnSync('id', ['-u', USER]).status !== 0) {
    const made = spawnSync('useradd', ['--create-home', '--shell', '/bin/sh', USER], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`useradd failed: ${made.stderr}`);
    createdUser = true;
  }
  home = spawnSync('getent', ['passwd', USER], { encoding: 'utf8' }).stdout.split(':')[5]!;
  homeBefore = tree(home);
  dir = mkdtempSync(join(tmpdir(), 'vigil-byod-user-'));
  service = await startService(join(dir, 'service'), await freePort());
}, 60_000);

afterAll(async () => {
  await service?.stop();
  rmSync(dir, { recursive: true, force: true });
  if (createdUser) spawnSync('userdel', ['--remove', USER]);
});

describe('user-mode agent as an unprivileged user', () => {
  it('enrolls from a code, pushes, says which checks need root; unenroll leaves nothing behind', async () => {
    const uid = Number(spawnSync('id', ['-u', USER], { encoding: 'utf8' }).stdout.trim());
    expect(uid).toBeGreaterThan(0);
    const caPem = readFileSync(join(service.dataDir, 'ca-cert.pem'), 'utf8');
    const code = encodeEnrollmentCode({
      serverUrl: service.url,
      token: createEnrollToken(service.dataDir),
      caFingerprint: await caFingerprint(firstCertificateDer(caPem)!),
      ownership: 'personal',
    });
    const stateDir = join(home, '.local/state/vigil');

    // The code is for a personal device: nothing is sent before the employee's consent.
    const early = await asUser(['enroll', '--code', code]);
    expect(early.code, early.stderr).toBe(7);
    expect(serviceDevices(service.dataDir)).toEqual([]);
    expect((await asUser(['consent', '--accept'])).code).toBe(0);
    const enroll = await asUser(['enroll', '--code', code, '--json']);
    expect(enroll.code, enroll.stderr).toBe(0);
    const { deviceId, ownership } = JSON.parse(enroll.stdout) as { deviceId: string; ownership: string };
    expect(ownership).toBe('personal');
    expect(statSync(stateDir).uid).toBe(uid);
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);

    // Push with the real collectors, as this user.
    const push = await asUser(['push', '--json']);
    expect(push.code, push.stderr).toBe(0);
    const db = new Database(join(stateDir, 'cache.db'), { readonly: true, fileMustExist: true });
    const last = db.prepare('SELECT jws FROM reports ORDER BY seq DESC LIMIT 1').get() as { jws: string };
    db.close();
    const claims = JSON.parse(payloadOf(last.jws)) as {
      posture: { observations: Record<string, { state: string; reason?: string }> };
    };
    // Measured on this machine: only the kernel firewall rulesets need root.
    expect(claims.posture.observations['net.firewall']).toMatchObject({
      state: 'unsupported',
      reason: expect.stringMatching(
        /^needs root, and this Vigil agent runs as a regular user .*(you must be root|Permission denied)/,
      ),
    });
    expect(claims.posture.observations['os.version']?.state).toBe('ok');
    expect(claims.posture.observations['disk.encryption']?.state).toBe('ok');
    expect(identifiersIn(payloadOf(last.jws), [USER])).toEqual([]);

    // Autostart as this user: a systemd user unit (no user manager here: it starts at next login).
    const autostart = await asUser(['autostart', 'install', '--json']);
    expect(autostart.code, autostart.stderr).toBe(0);
    const unit = join(home, '.config/systemd/user/vigil-agent.service');
    expect(readFileSync(unit, 'utf8')).toContain(`"--state-dir" "${stateDir}"`);
    expect(existsSync(join(home, '.config/systemd/user/default.target.wants/vigil-agent.service'))).toBe(true);

    // Keep a copy of the identity to show afterwards that the service refuses it.
    const copy = join(dir, 'copy');
    cpSync(join(stateDir, 'identity'), join(copy, 'identity'), { recursive: true });
    cpSync(join(stateDir, 'consent.json'), join(copy, 'consent.json'));

    // A running agent, then unenroll: the service retires the device and the agent stops itself.
    const daemon = spawn(
      RUNUSER,
      ['-u', USER, '--', process.execPath, VIGIL_BIN, 'run', '--interval-seconds', '2', '--only', 'os.version'],
      {
        env: { PATH: '/usr/bin:/bin', HOME: home, USER, LOGNAME: USER, LANG: 'C', ...FAST_ENV },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let logs = '';
    daemon.stdout.on('data', (c: Buffer) => (logs += c.toString()));
    daemon.stderr.on('data', (c: Buffer) => (logs += c.toString()));
    const exited = new Promise<number | null>((resolve) => daemon.once('exit', (code) => resolve(code)));
    try {
      await waitFor(() => logs.includes('"msg":"cycle finished"'), 'a cycle of the user-mode daemon', 60_000);
      const unenroll = await asUser(['unenroll', '--json']);
      expect(unenroll.code, unenroll.stderr).toBe(0);
      expect(JSON.parse(unenroll.stdout)).toMatchObject({
        service: 'retired',
        done: true,
        kept: [],
        agentStillRunning: false,
      });
      expect(await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running'), 15_000))])).toBe(0);
    } finally {
      daemon.kill('SIGKILL');
    }
    expect(logs).toContain('device unenrolled; agent stopping');
    expect(serviceDevices(service.dataDir)).toMatchObject([{ id: deviceId, status: 'retired' }]);

    // No Vigil file left in the user's home: no new file at all, nothing named vigil.
    const after = tree(home);
    const added = after.filter((entry) => !homeBefore.includes(entry));
    expect(added.filter((entry) => entry.startsWith('f '))).toEqual([]);
    expect(after.filter((entry) => /vigil/i.test(entry))).toEqual([]);

    // The retired device's identity is refused by the service.
    writeFileSync(join(copy, 'config.json'), JSON.stringify({ ownership: 'personal' }));
    const reports = serviceReports(service.dataDir, deviceId).length;
    const retired = await vigil(['push', '--json', '--state-dir', copy, '--only', 'os.version']);
    expect(retired.code, retired.stderr).toBe(5);
    expect(retired.stdout + retired.stderr).toMatch(/VIGIL_PUSH_UNAUTHORIZED|VIGIL_AUTH_DEVICE_RETIRED/);
    expect(serviceReports(service.dataDir, deviceId).length).toBe(reports);
  }, 300_000);
});
