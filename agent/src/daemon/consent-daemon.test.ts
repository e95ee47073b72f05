/**
 * The daemon's consent gate end to end inside one process: a real status server on a Unix
 * socket, the real scheduler and consent file, and a cycle runner that only counts its calls.
 * Without consent no cycle runs and check-now is refused; accepting starts cycles at once;
 * withdrawing (through the API or by a `vigil consent` writing the file) stops them at once.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONSENT_STATEMENT } from '@vigil/shared/core';
import { CACHE_FILE, openCache } from '../cache/index.js';
import { resolveConfig } from '../config/index.js';
import { recordConsentDecision } from '../consent/decide.js';
import { fetchPrivacy, fetchStatus, postConsent, requestCheckNow, StatusApiError } from '../status-api/index.js';
import { createStatusServer } from '../status-api/server.js';
import { silentLogger, tempDir, testIdentity } from '../test-support/fixtures.js';
import { CacheHolder } from './cache-holder.js';
import { createDaemon, type Daemon } from './daemon.js';
import type { AgentJob } from './job.js';

const daemons: Daemon[] = [];
afterEach(async () => {
  await Promise.all(daemons.splice(0).map((d) => d.stop()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function waitFor(probe: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function start(ownership: 'personal' | 'managed') {
  const stateDir = tempDir('vigil-consent-daemon-');
  const config = await resolveConfig({
    env: { VIGIL_OWNERSHIP: ownership, VIGIL_INTERVAL_SECONDS: '1', VIGIL_JITTER_SECONDS: '0' },
    flags: { stateDir },
    managedSources: [],
  });
  const log = silentLogger();
  const caches = new CacheHolder(() => openCache({ file: join(stateDir, CACHE_FILE), log }), log);
  const runs: string[] = [];
  let terminated = 0;
  mkdirSync(join(stateDir, 'identity'));
  writeFileSync(join(stateDir, 'identity', 'identity.json'), '{}');
  const identity = testIdentity();
  const job: AgentJob = {
    run: async () => null,
    identity: () => identity,
    identityProblem: () => null,
    reloadIdentity: async () => identity,
  };
  const daemon = createDaemon({
    config,
    log,
    caches,
    job,
    runCycle: async (reason) => {
      runs.push(reason);
      await sleep(20);
      return { outcome: null, cacheProblem: null, identityProblem: null };
    },
    terminateCycle: async () => {
      terminated++;
    },
    createStatusServer: (options) => createStatusServer(options),
    now: () => new Date(),
  });
  daemons.push(daemon);
  await daemon.start();
  return { config, daemon, runs, terminated: () => terminated, stateDir };
}

const accept = { decision: 'accept' as const, statementVersion: CONSENT_STATEMENT.version };
const withdraw = { decision: 'withdraw' as const, statementVersion: CONSENT_STATEMENT.version };

describe('daemon consent gate', () => {
  it('personal, no consent: no cycle, check-now refused and logged; accept starts, withdraw stops at once', async () => {
    const { config, runs, terminated } = await start('personal');
    await sleep(2500);
    expect(runs).toEqual([]);
    const status = await fetchStatus(config.socketPath);
    expect(status.consent).toMatchObject({ required: true, state: 'pending', decidedAt: null });
    expect(status.problems[0]?.code).toBe('VIGIL_CONSENT_REQUIRED');
    const refused = await requestCheckNow(config.socketPath, { requester: { uid: 1000, pid: 4242 } }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(StatusApiError);
    expect(refused).toMatchObject({ code: 'VIGIL_STATUS_REQUEST_FAILED', remoteCode: 'VIGIL_CONSENT_REQUIRED' });

    expect(await postConsent(config.socketPath, accept)).toMatchObject({ state: 'accepted' });
    await waitFor(() => runs.length >= 1, 'a cycle after consent');
    expect(runs[0]).toBe('startup');
    await waitFor(() => runs.length >= 2, 'a scheduled cycle', 4000);

    expect(await postConsent(config.socketPath, withdraw)).toMatchObject({ state: 'withdrawn' });
    expect(terminated()).toBe(1);
    const after = runs.length;
    await sleep(2500);
    expect(runs.length).toBe(after);

    const privacy = await fetchPrivacy(config.socketPath);
    const log = privacy.activity.map((a) => [a.kind, a.requester, a.outcome]);
    expect(log).toContainEqual([
      'check-now',
      'local client (uid 1000, pid 4242, self-reported)',
      'refused: VIGIL_CONSENT_REQUIRED',
    ]);
    expect(log).toContainEqual([
      'consent',
      'status api (tray or another local client)',
      'accepted statement version 1',
    ]);
    expect(log[0]).toEqual(['consent', 'status api (tray or another local client)', 'withdrawn: collection stopped']);
    expect(privacy.statement.version).toBe(CONSENT_STATEMENT.version);
  }, 20_000);

  it('a decision written to the state dir by another process is applied without a request', async () => {
    const { config, runs, stateDir } = await start('personal');
    await recordConsentDecision({
      stateDir,
      ownership: 'personal',
      request: accept,
      by: 'vigil consent',
      now: new Date(),
    });
    await waitFor(() => runs.length >= 1, 'a cycle after the file changed');
    await recordConsentDecision({
      stateDir,
      ownership: 'personal',
      request: withdraw,
      by: 'vigil consent',
      now: new Date(),
    });
    await waitFor(
      async () => (await fetchStatus(config.socketPath)).consent.state === 'withdrawn',
      'withdrawal applied',
    );
    const after = runs.length;
    await sleep(2500);
    expect(runs.length).toBe(after);
    expect((await fetchStatus(config.socketPath)).consent.state).toBe('withdrawn');
  }, 20_000);

  it('refuses consent on a managed device, which collects without it', async () => {
    const { config, runs } = await start('managed');
    await waitFor(() => runs.length >= 1, 'the startup cycle');
    const refused = await postConsent(config.socketPath, accept).catch((e: unknown) => e);
    expect(refused).toMatchObject({ remoteCode: 'VIGIL_CONSENT_NOT_REQUIRED' });
    expect((await fetchStatus(config.socketPath)).consent).toMatchObject({ required: false, state: 'not-required' });
  });

  it('ends itself when its identity is removed (vigil unenroll)', async () => {
    const { daemon, stateDir } = await start('managed');
    let ended: string | null = null;
    void daemon.ended.then((reason) => (ended = reason));
    rmSync(join(stateDir, 'identity'), { recursive: true });
    await waitFor(() => ended !== null, 'the daemon to end');
    expect(ended).toBe('unenrolled');
  });
});
