/**
 * Personal mode in the job: nothing runs without consent (not even certificate renewal); the
 * first report carries no observations and teaches the agent the policy's checks; a follow-up
 * collects exactly those; every push lands in the activity log with who asked.
 */
import { describe, expect, it } from 'vitest';
import { CONSENT_STATEMENT, type CheckId, type ConsentStatus } from '@vigil/shared/core';
import { CACHE_FILE, openCache } from '../cache/index.js';
import { resolveConfig } from '../config/index.js';
import { decodeClaims } from '../cycle/decode-claims.js';
import { readPolicyScope } from '../cycle/policy-scope.js';
import { fakeService } from '../test-support/fake-service.js';
import { silentLogger, tempDir, testIdentity, testPosture } from '../test-support/fixtures.js';
import { CacheHolder } from './cache-holder.js';
import { runScopedCycle } from './scoped-cycle.js';
import { createJob, refuseWithoutConsent } from './job.js';
import { join } from 'node:path';

async function setup(ownership: 'personal' | 'managed', checks?: string) {
  const stateDir = tempDir('vigil-scope-');
  const config = await resolveConfig({
    env: { VIGIL_OWNERSHIP: ownership, ...(checks ? { VIGIL_CHECKS: checks } : {}) },
    flags: { stateDir },
    managedSources: [],
  });
  const log = silentLogger();
  const cache = openCache({ file: join(stateDir, CACHE_FILE), log });
  const identity = testIdentity();
  cache.reports.bindDevice(identity.deviceId);
  const service = fakeService(identity.deviceId, identity.certificate.thumbprint);
  const asked: (readonly CheckId[] | undefined)[] = [];
  const deps = {
    config,
    log,
    cache,
    identity,
    collect: async (list?: readonly CheckId[]) => {
      asked.push(list);
      const posture = testPosture();
      const observation = { state: 'unsupported', reason: 'test', collectedAt: posture.collectedAt };
      const observations = Object.fromEntries((list ?? ['os.version', 'disk.encryption']).map((c) => [c, observation]));
      return { ...posture, device: { ...posture.device, ownership }, observations };
    },
    connect: async () => service.api,
    now: () => new Date(),
    pid: process.pid,
  };
  return { config, cache, service, deps, asked, stateDir };
}

describe('personal mode cycles', () => {
  it('first report empty, then exactly the policy checks; each push logged', async () => {
    const { cache, service, deps, asked } = await setup('personal');
    service.policyChecks = ['os.version', 'screen.lock'];
    const outcome = await runScopedCycle(deps, 'startup');
    expect(asked).toEqual([[], ['os.version', 'screen.lock']]);
    expect(service.accepted.map((r) => r.seq)).toEqual([1, 2]);
    expect(outcome.report.seq).toBe(2);
    expect(cache.reports.counts()).toMatchObject({ pending: 0, delivered: 2 });
    const first = decodeClaims(cache.reports.byJti(service.accepted[0]!.jti)!.jws);
    const second = decodeClaims(cache.reports.byJti(service.accepted[1]!.jti)!.jws);
    expect(Object.keys(first.posture.observations)).toEqual([]);
    expect(Object.keys(second.posture.observations)).toEqual(['os.version', 'screen.lock']);
    expect(readPolicyScope(cache)?.checks).toEqual(['os.version', 'screen.lock']);
    // Known scope: one report, no follow-up.
    await runScopedCycle(deps, 'schedule');
    expect(asked.at(-1)).toEqual(['os.version', 'screen.lock']);
    expect(service.accepted).toHaveLength(3);
    const log = cache.activity.recent().map((a) => [a.kind, a.requester, a.outcome]);
    expect(log).toEqual([
      ['push', 'schedule', 'delivered 1 report(s), report #3 (verdict compliant)'],
      [
        'push',
        'follow-up: the service named its policy checks',
        'delivered 1 report(s), report #2 (verdict compliant)',
      ],
      ['push', 'agent start', 'delivered 1 report(s), report #1 (verdict compliant)'],
    ]);
  });

  it('keeps within the configured checks, and a managed device collects what it is configured to', async () => {
    const personal = await setup('personal', 'os.version');
    personal.service.policyChecks = ['os.version', 'screen.lock'];
    await runScopedCycle(personal.deps, 'push');
    expect(personal.asked).toEqual([[], ['os.version']]);
    const managed = await setup('managed');
    managed.service.policyChecks = ['os.version'];
    await runScopedCycle(managed.deps, 'push');
    expect(managed.asked).toEqual([undefined]);
  });

  it('offline, the empty first report waits; no follow-up without an answer', async () => {
    const { service, deps, asked, cache } = await setup('personal');
    service.online = false;
    const outcome = await runScopedCycle(deps, 'schedule');
    expect(asked).toEqual([[]]);
    expect(outcome.error?.code).toBe('VIGIL_PUSH_UNREACHABLE');
    expect(cache.activity.recent()[0]?.outcome).toBe('not delivered: VIGIL_PUSH_UNREACHABLE; 1 queued');
  });

  it('consent is asked again just before sending: a withdrawal during collection stops the cycle there', async () => {
    const status = (state: 'accepted' | 'withdrawn'): ConsentStatus => ({
      required: true,
      state,
      statementVersion: CONSENT_STATEMENT.version,
      decidedAt: new Date().toISOString(),
    });
    await expect(refuseWithoutConsent(async () => status('accepted'))).resolves.toBeUndefined();
    await expect(refuseWithoutConsent(undefined)).resolves.toBeUndefined(); // managed: no consent to ask
    await expect(refuseWithoutConsent(async () => status('withdrawn'))).rejects.toMatchObject({
      code: 'VIGIL_CONSENT_WITHDRAWN',
    });
  });

  it('the job does nothing at all without consent: no identity load, renewal, cache or network', async () => {
    const { config, service } = await setup('personal');
    const pending: ConsentStatus = {
      required: true,
      state: 'pending',
      statementVersion: CONSENT_STATEMENT.version,
      decidedAt: null,
    };
    let collected = 0;
    const log = silentLogger();
    const job = createJob({
      config,
      log,
      caches: new CacheHolder(() => {
        throw new Error('the cache must not be opened');
      }, log),
      connect: async () => {
        throw new Error('no network without consent');
      },
      collect: async () => {
        collected++;
        return testPosture();
      },
      consent: async () => pending,
      now: () => new Date(),
      pid: process.pid,
    });
    expect(await job.run('schedule')).toBeNull();
    expect(collected).toBe(0);
    expect(service.challenges).toBe(0);
    expect(job.identity()).toBeNull();
  });
});
