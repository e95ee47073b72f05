/**
 * What a personal device sends, with the real collectors and the real service: the first report
 * carries no observations and learns the policy's checks, the next one carries exactly those;
 * the device is named only by its random enrollment id; and neither the signed evidence in the
 * agent's cache nor what the service stored holds this machine's host name, user name or MAC
 * addresses. `vigil privacy` shows the last report exactly as it was signed and sent.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivacyViewSchema } from '@vigil/shared';
import { identifiersIn, payloadOf, putPolicy, serviceDevices, servicePostures } from './byod-support.js';
import {
  createAdminToken,
  createEnrollToken,
  freePort,
  startService,
  vigil,
  type RunningService,
} from './support/processes.js';

const PERSONAL = { VIGIL_OWNERSHIP: 'personal' };
const POLICY = {
  id: 'byod-e2e',
  enforcement: { mode: 'report' },
  checks: {
    'os.version': { requirement: 'always', unlistedDistro: 'allow', rules: { linux: { debian: { minimum: '11' } } } },
    'disk.encryption': { requirement: 'suggested' },
    'net.firewall': { requirement: 'always' },
  },
};

let dir: string;
let service: RunningService;
let stateDir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-byod-evidence-'));
  service = await startService(join(dir, 'service'), await freePort());
  const caPem = readFileSync(join(service.dataDir, 'ca-cert.pem'), 'utf8');
  expect(await putPolicy(service.url, caPem, createAdminToken(service.dataDir), POLICY)).toBe(200);
  stateDir = join(dir, 'agent');
}, 60_000);

afterAll(async () => {
  await service?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function agentReports(): { seq: number; jws: string }[] {
  const db = new Database(join(stateDir, 'cache.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT seq, jws FROM reports ORDER BY seq').all() as never;
  } finally {
    db.close();
  }
}

describe('personal-mode evidence', () => {
  it('collects only the policy checks and carries no host name, user name or MAC', async () => {
    const args = ['--state-dir', stateDir];
    expect((await vigil(['consent', '--accept', ...args], PERSONAL)).code).toBe(0);
    const enroll = await vigil(
      [
        'enroll',
        '--server',
        service.url,
        '--token',
        createEnrollToken(service.dataDir),
        '--ca',
        join(service.dataDir, 'ca-cert.pem'),
        '--json',
        ...args,
      ],
      PERSONAL,
    );
    expect(enroll.code, enroll.stderr).toBe(0);
    const { deviceId } = JSON.parse(enroll.stdout) as { deviceId: string };

    const push = await vigil(['push', '--json', ...args], PERSONAL, 120_000);
    expect(push.code, push.stderr).toBe(0);
    const reports = agentReports();
    expect(reports.map((r) => r.seq)).toEqual([1, 2]);
    const claims = reports.map(
      (r) => JSON.parse(payloadOf(r.jws)) as { ueid: string; posture: { device: unknown; observations: object } },
    );
    // Report 1 asked which checks apply; report 2 carries exactly the policy's.
    expect(Object.keys(claims[0]!.posture.observations)).toEqual([]);
    expect(Object.keys(claims[1]!.posture.observations).sort()).toEqual(Object.keys(POLICY.checks).sort());
    // Named only by the random id the service gave this enrollment.
    expect(claims.every((c) => c.ueid === deviceId)).toBe(true);
    expect(deviceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(claims[1]!.posture.device).toEqual({ platform: 'linux', arch: process.arch, ownership: 'personal' });

    // The signed evidence on the device, and what the service stored, scanned for this machine.
    for (const report of reports) {
      expect(identifiersIn(payloadOf(report.jws))).toEqual([]);
      expect(identifiersIn(Buffer.from(report.jws.split('.')[0]!, 'base64url').toString())).toEqual([]);
    }
    const stored = servicePostures(service.dataDir, deviceId);
    expect(stored.map((s) => s.seq)).toEqual([1, 2]);
    for (const { posture } of stored) expect(identifiersIn(posture)).toEqual([]);
    expect(serviceDevices(service.dataDir)).toMatchObject([{ id: deviceId, ownership: 'personal' }]);

    // `vigil privacy`: the last report exactly as sent.
    const privacy = PrivacyViewSchema.parse(JSON.parse((await vigil(['privacy', '--json', ...args], PERSONAL)).stdout));
    expect(privacy.lastReport?.claims).toEqual(JSON.parse(payloadOf(reports[1]!.jws)));
    expect(privacy.activity.filter((a) => a.kind === 'push').map((a) => a.requester)).toEqual([
      'follow-up: the service named its policy checks',
      'vigil push',
    ]);
    const human = await vigil(['privacy', ...args], PERSONAL);
    expect(human.stdout).toContain('Exactly as sent (the signed payload, decoded):');
    expect(human.stdout).toContain(`"ueid": "${deviceId}"`);
  }, 180_000);
});
