/**
 * Consent on a personal device, against the real compliance service behind a relay that counts
 * every TCP connection: without consent, `vigil enroll`, `vigil push` and a running `vigil run`
 * send nothing at all (zero connections, no device on the service); once accepted the agent
 * enrolls (with its consent) and reports; withdrawing stops the schedule at once, whether the
 * decision arrives over the status socket or as a file written while no agent answered.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentStatusSchema, PrivacyViewSchema } from '@vigil/shared';
import { countingRelay, serviceDevices, type CountingRelay } from './byod-support.js';
import {
  createEnrollToken,
  freePort,
  serviceReports,
  startAgent,
  startService,
  vigil,
  waitFor,
  type RunningService,
} from './support/processes.js';

const PERSONAL = { VIGIL_OWNERSHIP: 'personal' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let dir: string;
let service: RunningService;
let relay: CountingRelay;
let stateDir: string;
let caFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-byod-consent-'));
  service = await startService(join(dir, 'service'), await freePort());
  relay = await countingRelay(service.url);
  stateDir = join(dir, 'agent');
  caFile = join(service.dataDir, 'ca-cert.pem');
}, 60_000);

afterAll(async () => {
  await relay?.close();
  await service?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const agentArgs = () => ['--state-dir', stateDir];
const enrollArgs = (token: string) => [
  'enroll',
  '--server',
  relay.url,
  '--token',
  token,
  '--ca',
  caFile,
  '--json',
  ...agentArgs(),
];

describe('personal device without consent', () => {
  it('enroll, push and the daemon send nothing: the service sees no connection', async () => {
    const token = createEnrollToken(service.dataDir);
    const enroll = await vigil(enrollArgs(token), PERSONAL);
    expect(enroll.code, enroll.stderr).toBe(7);
    expect(enroll.stderr).toContain('VIGIL_CONSENT_REQUIRED');
    const push = await vigil(['push', '--json', ...agentArgs()], PERSONAL);
    expect(push.code).toBe(7);

    const agent = startAgent([...agentArgs(), '--interval-seconds', '1'], PERSONAL);
    try {
      await waitFor(() => agent.logs().includes('"msg":"agent started"'), 'the agent to start');
      const status = AgentStatusSchema.parse(
        JSON.parse((await vigil(['status', '--json', ...agentArgs()], PERSONAL)).stdout),
      );
      expect(status.consent).toMatchObject({ required: true, state: 'pending' });
      await sleep(3500); // three intervals
    } finally {
      expect(await agent.stop()).toBe(0);
    }
    expect(agent.logs()).toContain('waiting for consent; nothing is collected');
    expect(agent.logs()).not.toContain('"msg":"cycle finished"');
    expect(relay.connections()).toBe(0);
    expect(serviceDevices(service.dataDir)).toEqual([]);
  }, 60_000);
});

describe('personal device with consent', () => {
  it('enrolls with its consent, reports; withdrawal stops the schedule at once (socket and file)', async () => {
    const accepted = await vigil(['consent', '--accept', '--json', ...agentArgs()], PERSONAL);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(JSON.parse(accepted.stdout)).toMatchObject({ state: 'accepted', statementVersion: '1' });
    const enroll = await vigil(enrollArgs(createEnrollToken(service.dataDir)), PERSONAL);
    expect(enroll.code, enroll.stderr).toBe(0);
    const { deviceId } = JSON.parse(enroll.stdout) as { deviceId: string };
    expect(serviceDevices(service.dataDir)).toMatchObject([{ id: deviceId, ownership: 'personal' }]);
    expect(relay.connections()).toBeGreaterThan(0);

    // The daemon reaches the service through the relay too (the identity holds its URL).
    const agent = startAgent([...agentArgs(), '--interval-seconds', '1', '--only', 'os.version'], PERSONAL);
    try {
      await waitFor(() => serviceReports(service.dataDir, deviceId).length >= 3, 'reports from the daemon', 40_000);

      // Withdraw over the status socket: the schedule stops at once, a cycle in flight is cut.
      const withdrawn = await vigil(['consent', '--withdraw', '--json', ...agentArgs()], PERSONAL);
      expect(JSON.parse(withdrawn.stdout)).toMatchObject({ state: 'withdrawn' });
      await sleep(800);
      const reports = serviceReports(service.dataDir, deviceId).length;
      const connections = relay.connections();
      await sleep(3500);
      expect(serviceReports(service.dataDir, deviceId).length).toBe(reports);
      expect(relay.connections()).toBe(connections);
      expect(agent.logs()).toContain('consent withdrawn; collection stopped');

      // Accept again over the socket: collection resumes.
      expect((await vigil(['consent', '--accept', ...agentArgs()], PERSONAL)).code).toBe(0);
      await waitFor(() => serviceReports(service.dataDir, deviceId).length > reports, 'reports to resume', 20_000);

      // Withdraw as a file (the socket unreachable): the daemon's watch applies it at once.
      const byFile = await vigil(
        ['consent', '--withdraw', '--socket', join(dir, 'nowhere.sock'), ...agentArgs()],
        PERSONAL,
      );
      expect(byFile.code, byFile.stderr).toBe(0);
      await waitFor(async () => {
        const out = await vigil(['status', '--json', ...agentArgs()], PERSONAL);
        return (JSON.parse(out.stdout) as { consent: { state: string } }).consent.state === 'withdrawn';
      }, 'the daemon to read the withdrawal');
      await sleep(800);
      const afterFile = serviceReports(service.dataDir, deviceId).length;
      await sleep(3500);
      expect(serviceReports(service.dataDir, deviceId).length).toBe(afterFile);
    } finally {
      expect(await agent.stop()).toBe(0);
    }

    // Every push, request and decision is in the local log, newest first.
    const privacy = PrivacyViewSchema.parse(
      JSON.parse((await vigil(['privacy', '--json', ...agentArgs()], PERSONAL)).stdout),
    );
    // The newest decision is the withdrawal. (A push already on its way when the file was
    // written may be logged after it: the daemon sees a file change a moment later, and a cycle
    // asks for consent again only before its first request.)
    const decisions = privacy.activity.filter((a) => a.kind === 'consent');
    expect(decisions[0]?.outcome.split(':')[0]).toBe('withdrawn');
    expect(privacy.activity).toContainEqual(
      expect.objectContaining({ kind: 'enroll', outcome: `enrolled as device ${deviceId} (personal) at ${relay.url}` }),
    );
    expect(privacy.activity.filter((a) => a.kind === 'push').length).toBeGreaterThanOrEqual(3);
    expect(privacy.activity.some((a) => a.kind === 'consent' && a.requester.startsWith('status api'))).toBe(true);
    expect(privacy.lastReport?.claims.posture.device).toEqual({
      platform: 'linux',
      arch: process.arch,
      ownership: 'personal',
    });
    const record = JSON.parse(readFileSync(join(stateDir, 'consent.json'), 'utf8')) as { decision: string };
    expect(record.decision).toBe('withdrawn');
  }, 120_000);
});
