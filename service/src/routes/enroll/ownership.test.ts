/**
 * Ownership and consent at enrollment (issue #11): `personal` needs the employee's consent, both
 * are stored on the device, bad consent is a clear 400 that leaves the token usable, and a
 * report can never change the ownership a device enrolled with.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestService, healthyPosture, TestDevice, type TestService } from '../../test-support/index.js';

let service: TestService;
let now = new Date();
beforeEach(async () => {
  now = new Date();
  service = await createTestService({ now: () => now });
});
afterEach(() => service.close());

const code = (response: { json(): unknown }) => (response.json() as { code: string }).code;
const consent = () => ({ statementVersion: '1', acceptedAt: new Date(now.getTime() - 5_000).toISOString() });

async function enroll(device: TestDevice, extra: Record<string, unknown>, token?: string) {
  const payload = { token: token ?? (await service.enrollmentToken()), csr: device.csr(), ...extra };
  const response = await service.app.inject({ method: 'POST', url: '/v1/enroll', payload });
  if (response.statusCode === 201) device.adopt(response.json());
  return response;
}

describe('POST /v1/enroll ownership and consent', () => {
  it('defaults to managed without consent', async () => {
    const device = new TestDevice();
    expect((await enroll(device, {})).statusCode).toBe(201);
    expect(await service.store.getDevice(device.deviceId)).toMatchObject({ ownership: 'managed', consent: null });
  });

  it('stores personal ownership with the statement version and acceptance time', async () => {
    const device = new TestDevice();
    const given = consent();
    expect((await enroll(device, { ownership: 'personal', consent: given })).statusCode).toBe(201);
    const stored = await service.store.getDevice(device.deviceId);
    expect(stored?.ownership).toBe('personal');
    expect(stored?.consent).toEqual({ statementVersion: '1', acceptedAt: new Date(given.acceptedAt) });
  });

  it('refuses a personal device without consent, and the token stays usable', async () => {
    const token = await service.enrollmentToken();
    const refused = await enroll(new TestDevice(), { ownership: 'personal' }, token);
    expect([refused.statusCode, code(refused)]).toEqual([400, 'VIGIL_ENROLL_CONSENT_REQUIRED']);
    expect(refused.json()).toEqual({ code: 'VIGIL_ENROLL_CONSENT_REQUIRED', message: expect.any(String) });
    expect((await enroll(new TestDevice(), { ownership: 'personal', consent: consent() }, token)).statusCode).toBe(201);
  });

  it('keeps consent a managed device was enrolled with', async () => {
    const device = new TestDevice();
    expect((await enroll(device, { ownership: 'managed', consent: consent() })).statusCode).toBe(201);
    expect((await service.store.getDevice(device.deviceId))?.consent?.statementVersion).toBe('1');
  });

  it('validates ownership and consent at the edge', async () => {
    const token = await service.enrollmentToken();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ownership: 'corporate' }, 'VIGIL_HTTP_VALIDATION'],
      [{ ownership: 'personal', consent: { statementVersion: '1' } }, 'VIGIL_HTTP_VALIDATION'],
      [{ ownership: 'personal', consent: { ...consent(), acceptedAt: 'yesterday' } }, 'VIGIL_HTTP_VALIDATION'],
      [
        { ownership: 'personal', consent: { ...consent(), acceptedAt: '2025-01-01T10:00:00' } },
        'VIGIL_HTTP_VALIDATION',
      ],
      [{ ownership: 'personal', consent: { ...consent(), statementVersion: '' } }, 'VIGIL_HTTP_VALIDATION'],
      [{ ownership: 'personal', consent: { ...consent(), statementVersion: 'v 1' } }, 'VIGIL_HTTP_VALIDATION'],
      [{ ownership: 'personal', consent: { ...consent(), scope: 'all' } }, 'VIGIL_HTTP_VALIDATION'],
      [{ ownership: 'personal', consent: 'yes' }, 'VIGIL_HTTP_VALIDATION'],
      [
        {
          ownership: 'personal',
          consent: { statementVersion: '1', acceptedAt: new Date(now.getTime() + 3_600_000).toISOString() },
        },
        'VIGIL_ENROLL_CONSENT_INVALID',
      ],
    ];
    for (const [extra, expected] of cases) {
      const response = await enroll(new TestDevice(), extra, token);
      expect([response.statusCode, code(response)], JSON.stringify(extra)).toEqual([400, expected]);
    }
    // None of them used the one-time token.
    expect((await enroll(new TestDevice(), { ownership: 'personal', consent: consent() }, token)).statusCode).toBe(201);
  });

  it('records the new ownership and consent when a retired device re-enrolls', async () => {
    const device = new TestDevice();
    await enroll(device, {});
    await service.app.inject({
      method: 'POST',
      url: `/v1/admin/devices/${device.deviceId}/retire`,
      headers: service.admin(),
    });
    const token = await service.enrollmentToken({ deviceId: device.deviceId });
    const again = await enroll(
      new TestDevice(),
      { deviceId: device.deviceId, ownership: 'personal', consent: consent() },
      token,
    );
    expect(again.statusCode).toBe(201);
    expect(await service.store.getDevice(device.deviceId)).toMatchObject({
      status: 'active',
      ownership: 'personal',
      consent: { statementVersion: '1' },
    });
  });
});

describe('POST /v1/evidence and the enrolled ownership', () => {
  const personalPosture = (at: Date) => {
    const posture = healthyPosture(at);
    // Like the agent in personal mode: no hostname.
    const device = { platform: posture.device.platform, arch: posture.device.arch, ownership: 'personal' as const };
    return { ...posture, device };
  };

  it('accepts reports that match the enrolled ownership and refuses ones that do not', async () => {
    const device = new TestDevice();
    await enroll(device, { ownership: 'personal', consent: consent() });
    const ok = await device.report({
      nonce: await service.challenge(device),
      claims: { posture: personalPosture(now) },
    });
    const accepted = await service.evidence(device, ok);
    expect(accepted.statusCode, accepted.body).toBe(200);
    device.accepted(ok);

    // A managed-looking report from a personal device (or the reverse) would change what admins see.
    const flipped = await device.report({ nonce: await service.challenge(device) });
    const refused = await service.evidence(device, flipped);
    expect([refused.statusCode, code(refused)]).toEqual([409, 'VIGIL_EVIDENCE_OWNERSHIP_MISMATCH']);
    expect((await service.store.getDevice(device.deviceId))?.ownership).toBe('personal');

    const managed = await service.enrolled(new TestDevice());
    const wrong = await managed.report({
      nonce: await service.challenge(managed),
      claims: { posture: personalPosture(now) },
    });
    expect(code(await service.evidence(managed, wrong))).toBe('VIGIL_EVIDENCE_OWNERSHIP_MISMATCH');
  });
});
