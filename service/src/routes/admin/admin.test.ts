import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestService, TestDevice, type TestService } from '../../test-support/index.js';

let service: TestService;
let now = new Date();
beforeEach(async () => {
  now = new Date();
  service = await createTestService({ now: () => now });
});
afterEach(() => service.close());
const code = (response: { json(): unknown }) => (response.json() as { code: string }).code;

describe('admin API', () => {
  it('requires a valid admin bearer token on every admin route', async () => {
    const enrollToken = await service.enrollmentToken();
    const routes = [
      ['POST', '/v1/admin/enrollment-tokens'],
      ['GET', '/v1/admin/devices'],
      ['GET', '/v1/admin/devices/6f1d2c3b-4a59-4e8f-9d7c-0a1b2c3d4e5f'],
      ['POST', '/v1/admin/devices/6f1d2c3b-4a59-4e8f-9d7c-0a1b2c3d4e5f/ban'],
      ['GET', '/v1/admin/policy'],
      ['PUT', '/v1/admin/policy'],
      ['POST', '/v1/admin/keys/rotate'],
      ['DELETE', '/v1/admin/keys/some-kid'],
    ] as const;
    const forged = service.adminToken.replace(/.{3}$/, 'abc');
    for (const [method, url] of routes) {
      for (const authorization of [undefined, `Bearer ${forged}`, `Bearer ${enrollToken}`, 'Basic abc']) {
        const response = await service.app.inject({ method, url, headers: authorization ? { authorization } : {} });
        expect([response.statusCode, code(response)], `${method} ${url}`).toEqual([401, 'VIGIL_ADMIN_UNAUTHORIZED']);
        expect(response.headers['www-authenticate']).toContain('Bearer');
      }
    }
  });

  it('lists devices with status, last seen and staleness (computed at read time)', async () => {
    const device = await service.enrolled(new TestDevice());
    await service.submit(device);
    const list = async () =>
      (await service.app.inject({ url: '/v1/admin/devices', headers: service.admin() })).json() as {
        devices: Array<Record<string, unknown>>;
      };
    expect((await list()).devices).toEqual([
      expect.objectContaining({
        id: device.deviceId,
        status: 'active',
        stale: false,
        lastSeq: 1,
        lastVerdictStatus: 'compliant',
        platform: 'linux',
      }),
    ]);
    now = new Date(now.getTime() + 3 * 900_000 + 1000);
    expect((await list()).devices[0]).toMatchObject({ stale: true });
    const metrics = await service.app.inject({ url: '/metrics' });
    expect(metrics.body).toContain('vigil_devices{state="stale"} 1');
  });

  it('shows one device with its latest report, verdict, history and certificates', async () => {
    const device = await service.enrolled(new TestDevice());
    await service.submit(device, { challenged: false });
    await service.submit(device);
    const response = await service.app.inject({
      url: `/v1/admin/devices/${device.deviceId}`,
      headers: service.admin(),
    });
    const body = response.json() as { latest: Record<string, unknown>; history: unknown[]; certificates: unknown[] };
    expect(body.latest).toMatchObject({
      seq: 2,
      challenged: true,
      status: 'compliant',
      earStatus: 'affirming',
      verdict: { status: 'compliant' },
      posture: { device: { platform: 'linux' } },
    });
    expect(body.history).toEqual([
      expect.objectContaining({ seq: 2, challenged: true }),
      expect.objectContaining({ seq: 1, challenged: false, earStatus: null }),
    ]);
    expect(body.certificates).toEqual([expect.objectContaining({ thumbprint: device.thumbprint, status: 'active' })]);
    const missing = await service.app.inject({
      url: '/v1/admin/devices/6f1d2c3b-4a59-4e8f-9d7c-0a1b2c3d4e5f',
      headers: service.admin(),
    });
    expect([missing.statusCode, code(missing)]).toEqual([404, 'VIGIL_ADMIN_DEVICE_NOT_FOUND']);
  });

  it('validates replacement policies and reports every problem', async () => {
    const bad = await service.app.inject({
      method: 'PUT',
      url: '/v1/admin/policy',
      headers: service.admin(),
      payload: { id: 'x y', checks: { 'os.version': { requirement: 'never', rules: {} } } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      code: 'VIGIL_POLICY_INVALID',
      problems: expect.arrayContaining([expect.objectContaining({ path: 'id' })]),
    });
    const good = await service.app.inject({
      method: 'PUT',
      url: '/v1/admin/policy',
      headers: service.admin(),
      payload: { id: 'minimal', checks: { 'disk.encryption': { requirement: 'always' } } },
    });
    expect(good.json()).toMatchObject({
      source: 'stored',
      policy: { id: 'minimal' },
      hash: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(
      (
        (await service.app.inject({ url: '/v1/admin/policy', headers: service.admin() })).json() as {
          policy: { id: string };
        }
      ).policy.id,
    ).toBe('minimal');
  });

  it('creates enrollment tokens with ttl and uses', async () => {
    const response = await service.app.inject({
      method: 'POST',
      url: '/v1/admin/enrollment-tokens',
      headers: service.admin(),
      payload: { ttlSeconds: 600, uses: 2 },
    });
    expect(response.statusCode).toBe(201);
    const body = response.json() as { token: string; uses: number; expiresAt: string };
    expect(body.token).toMatch(/^vgl_enr_/);
    expect(body.uses).toBe(2);
    for (const status of [201, 201, 401])
      expect((await service.enroll(new TestDevice(), { token: body.token })).statusCode).toBe(status);
    const invalid = await service.app.inject({
      method: 'POST',
      url: '/v1/admin/enrollment-tokens',
      headers: service.admin(),
      payload: { uses: 0 },
    });
    expect(code(invalid)).toBe('VIGIL_HTTP_VALIDATION');
  });
});
