/**
 * Admins see verdicts only for personal (BYOD) devices: no posture, evidence, hostname, per-check
 * reasons (they quote observations) or EAR token, whatever the query string says. The same
 * report from a managed device shows everything, which proves the markers below would be found.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PostureReport } from '@vigil/shared';
import { createTestService, healthyPosture, TestDevice, type TestService } from '../../test-support/index.js';

let service: TestService;
beforeEach(async () => {
  service = await createTestService();
});
afterEach(() => service.close());

const MARKER = 'zz-private';

/** A report full of identifying details, hostname included (as a misbehaving agent might send). */
function revealingPosture(at: Date, ownership: 'managed' | 'personal'): PostureReport {
  const base = healthyPosture(at);
  const iso = at.toISOString();
  const evidence = [{ kind: 'command' as const, source: `/usr/bin/${MARKER}-probe --all`, at: iso, durationMs: 3 }];
  return {
    ...base,
    device: { platform: 'linux', arch: `${MARKER}-arch`, hostname: `${MARKER}-host`, ownership },
    observations: {
      ...base.observations,
      'os.version': {
        state: 'ok',
        value: {
          platform: 'linux',
          distroId: 'ubuntu',
          name: 'Ubuntu',
          version: '24.04.1 LTS',
          kernel: `6.8.0-${MARKER}`,
        },
        evidence,
        collectedAt: iso,
        durationMs: 3,
      },
      'disk.encryption': {
        state: 'ok',
        value: {
          volumes: [
            {
              mountpoint: `/home/${MARKER}-mount`,
              device: `/dev/${MARKER}-disk`,
              role: 'filesystem',
              state: 'unencrypted',
              detail: `${MARKER} plain ext4`,
            },
          ],
        },
        evidence,
        collectedAt: iso,
        durationMs: 3,
      },
    },
  };
}

/** Every member name used anywhere in a posture report, except the OS family and ownership. */
function postureKeys(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => postureKeys(v, into));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      into.add(key);
      postureKeys(v, into);
    }
  }
  for (const allowed of ['platform', 'ownership', 'device']) into.delete(allowed);
  return into;
}

async function enrollWithReport(ownership: 'managed' | 'personal') {
  const device = new TestDevice();
  const payload = {
    token: await service.enrollmentToken(),
    csr: device.csr(),
    ownership,
    ...(ownership === 'personal'
      ? { consent: { statementVersion: '1', acceptedAt: new Date(Date.now() - 60_000).toISOString() } }
      : {}),
  };
  const enrolled = await service.app.inject({ method: 'POST', url: '/v1/enroll', payload });
  expect(enrolled.statusCode, enrolled.body).toBe(201);
  device.adopt(enrolled.json());
  const posture = revealingPosture(new Date(), ownership);
  for (let i = 0; i < 2; i++) {
    const report = await device.report({ nonce: await service.challenge(device), claims: { posture } });
    const response = await service.evidence(device, report);
    expect(response.statusCode, response.body).toBe(200);
    device.accepted(report);
  }
  return { device, posture };
}

const admin = (url: string) => service.app.inject({ url, headers: service.admin() });

function expectNothingRevealing(body: string, posture: PostureReport) {
  expect(body.toLowerCase()).not.toContain(MARKER);
  for (const key of postureKeys(posture)) expect(body, `member "${key}"`).not.toContain(`"${key}":`);
}

describe('admin API: personal devices show verdicts only', () => {
  it('the detail response carries verdicts and timestamps but none of the posture evidence fields', async () => {
    const { device, posture } = await enrollWithReport('personal');
    const response = await admin(`/v1/admin/devices/${device.deviceId}`);
    expect(response.statusCode).toBe(200);
    expectNothingRevealing(response.body, posture);
    const body = response.json() as {
      device: Record<string, unknown>;
      latest: Record<string, unknown>;
      history: unknown[];
      certificates: unknown[];
    };
    expect(body.device).toMatchObject({
      id: device.deviceId,
      ownership: 'personal',
      platform: 'linux',
      visibility: 'verdicts-only',
      consent: { statementVersion: '1', acceptedAt: expect.any(String) },
      lastVerdictStatus: 'noncompliant',
    });
    expect(body.device).not.toHaveProperty('hostname');
    expect(body.latest).toMatchObject({
      seq: 2,
      status: 'noncompliant',
      earStatus: expect.any(String),
      receivedAt: expect.any(String),
      ear: { expiresAt: expect.any(String) },
      verdict: {
        status: 'noncompliant',
        checks: expect.arrayContaining([
          { check: 'disk.encryption', result: 'fail', requirement: 'always', observed: 'ok' },
        ]),
      },
    });
    expect(body.latest).not.toHaveProperty('posture');
    expect(body.latest.ear).not.toHaveProperty('token');
    expect(body.history).toHaveLength(2);
    expect(body.certificates).toHaveLength(1);
  });

  it('no query parameter unlocks the raw posture', async () => {
    const { device, posture } = await enrollWithReport('personal');
    for (const query of [
      'raw=true',
      'posture=1',
      'include=posture',
      'visibility=full',
      'view=full&evidence=true&detail=full',
      'ownership=managed',
    ]) {
      const response = await admin(`/v1/admin/devices/${device.deviceId}?${query}`);
      expect(response.statusCode, query).toBe(200);
      expectNothingRevealing(response.body, posture);
    }
  });

  it('the device list and admin actions show no hostname or platform details either', async () => {
    const { device, posture } = await enrollWithReport('personal');
    // The list validates its query string: an unknown parameter is refused, never honoured.
    const unlock = await admin('/v1/admin/devices?raw=true');
    expect([unlock.statusCode, unlock.json()]).toEqual([
      400,
      expect.objectContaining({ code: 'VIGIL_HTTP_VALIDATION' }),
    ]);
    for (const query of ['', '?status=active']) {
      const list = await admin(`/v1/admin/devices${query}`);
      expect(list.statusCode).toBe(200);
      expectNothingRevealing(list.body, posture);
      expect(list.json()).toMatchObject({
        devices: [{ id: device.deviceId, ownership: 'personal', platform: 'linux', visibility: 'verdicts-only' }],
      });
    }
    const banned = await service.app.inject({
      method: 'POST',
      url: `/v1/admin/devices/${device.deviceId}/ban`,
      headers: service.admin(),
    });
    expect(banned.statusCode).toBe(200);
    expectNothingRevealing(banned.body, posture);
  });

  it('a managed device with the same report shows the full posture (the markers are findable)', async () => {
    const { device } = await enrollWithReport('managed');
    const response = await admin(`/v1/admin/devices/${device.deviceId}`);
    expect(response.body).toContain(`${MARKER}-host`);
    expect(response.body).toContain('"mountpoint":');
    expect(response.json()).toMatchObject({
      device: { hostname: `${MARKER}-host`, visibility: 'full', consent: null },
      latest: { posture: { device: { arch: `${MARKER}-arch` } }, ear: { token: expect.any(String) } },
    });
  });
});
