import { X509Certificate } from 'node:crypto';
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

describe('POST /v1/enroll', () => {
  it('issues a certificate with the CA profile and returns the trust anchors', async () => {
    const device = new TestDevice();
    const response = await service.enroll(device);
    expect(response.statusCode).toBe(201);
    const body = response.json() as {
      deviceId: string;
      certificate: string;
      caCertificates: string[];
      renewAfter: string;
      notAfter: string;
    };
    expect(body.deviceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.caCertificates).toEqual([service.authority.certPem]);
    const cert = new X509Certificate(body.certificate);
    expect(cert.subjectAltName).toBe(`URI:urn:vigil:device:${body.deviceId}`);
    expect(Date.parse(body.renewAfter)).toBeLessThan(Date.parse(body.notAfter));
  });

  it('ignores what the CSR asks for: extra SANs, CA:true, a long validity', async () => {
    const device = new TestDevice();
    const csr = device.csr({
      requestedSans: ['urn:vigil:device:00000000-0000-4000-8000-000000000000', 'https://evil.example'],
      requestCa: true,
      requestLongValidity: true,
    });
    const response = await service.enroll(device, { csr });
    expect(response.statusCode).toBe(201);
    const cert = new X509Certificate(device.certPem);
    expect(cert.subjectAltName).toBe(`URI:urn:vigil:device:${device.deviceId}`);
    expect(cert.ca).toBe(false);
    expect(cert.toLegacyObject().ext_key_usage ?? cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    const lifetimeDays = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86_400_000;
    expect(Math.round(lifetimeDays)).toBe(30);
    expect(cert.toString()).not.toContain('2099');
  });

  it('consumes a one-time token: a second use is VIGIL_ENROLL_TOKEN_USED', async () => {
    const token = await service.enrollmentToken();
    expect((await service.enroll(new TestDevice(), { token })).statusCode).toBe(201);
    const again = await service.enroll(new TestDevice(), { token });
    expect(again.statusCode).toBe(401);
    expect(code(again)).toBe('VIGIL_ENROLL_TOKEN_USED');
  });

  it('lets only one of two concurrent enrollments use a one-time token', async () => {
    const token = await service.enrollmentToken();
    const results = await Promise.all([
      service.enroll(new TestDevice(), { token }),
      service.enroll(new TestDevice(), { token }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 401]);
  });

  it('rejects expired, unknown and malformed tokens', async () => {
    const token = await service.enrollmentToken({ ttlSeconds: 60 });
    now = new Date(now.getTime() + 61_000);
    expect(code(await service.enroll(new TestDevice(), { token }))).toBe('VIGIL_ENROLL_TOKEN_EXPIRED');
    const forged = token.replace(/.{4}$/, 'AAAA');
    expect(code(await service.enroll(new TestDevice(), { token: forged }))).toBe('VIGIL_ENROLL_TOKEN_INVALID');
    expect(code(await service.enroll(new TestDevice(), { token: 'not-a-token' }))).toBe('VIGIL_ENROLL_TOKEN_INVALID');
  });

  it('does not consume the token when the CSR is rejected', async () => {
    const token = await service.enrollmentToken();
    const device = new TestDevice();
    expect(code(await service.enroll(device, { token, csr: 'garbage' }))).toBe('VIGIL_CSR_PEM');
    expect((await service.enroll(device, { token })).statusCode).toBe(201);
  });

  it('refuses a second enrollment of an active device (same key, or a re-enrollment without retirement)', async () => {
    const device = await service.enrolled(new TestDevice());
    const sameKey = await service.enroll(
      new TestDevice({ privateKey: device.privateKey, publicKey: device.publicKey }),
    );
    expect(sameKey.statusCode).toBe(409);
    expect(code(sameKey)).toBe('VIGIL_ENROLL_KEY_IN_USE');
    const bound = await service.enrollmentToken({ deviceId: device.deviceId });
    const rekey = await service.enroll(new TestDevice(), { token: bound, deviceId: device.deviceId });
    expect(rekey.statusCode).toBe(409);
    expect(code(rekey)).toBe('VIGIL_ENROLL_DEVICE_ACTIVE');
  });

  it('binds tokens to identities: a token for one device cannot enroll another or a new one', async () => {
    const a = await service.enrolled(new TestDevice());
    const b = await service.enrolled(new TestDevice());
    const forA = await service.enrollmentToken({ deviceId: a.deviceId });
    expect(code(await service.enroll(new TestDevice(), { token: forA, deviceId: b.deviceId }))).toBe(
      'VIGIL_ENROLL_TOKEN_IDENTITY',
    );
    expect(code(await service.enroll(new TestDevice(), { token: forA }))).toBe('VIGIL_ENROLL_TOKEN_IDENTITY');
    const unbound = await service.enrollmentToken();
    expect(code(await service.enroll(new TestDevice(), { token: unbound, deviceId: a.deviceId }))).toBe(
      'VIGIL_ENROLL_TOKEN_IDENTITY',
    );
  });

  it('re-enrolls a retired device with a bound token and a new key', async () => {
    const device = await service.enrolled(new TestDevice());
    await service.app.inject({
      method: 'POST',
      url: `/v1/admin/devices/${device.deviceId}/retire`,
      headers: service.admin(),
      payload: {},
    });
    const token = await service.enrollmentToken({ deviceId: device.deviceId });
    const replacement = new TestDevice();
    const response = await service.enroll(replacement, { token, deviceId: device.deviceId });
    expect(response.statusCode).toBe(201);
    expect(replacement.deviceId).toBe(device.deviceId);
    expect((await service.challengeResponse(device)).statusCode).toBe(401);
    expect((await service.challengeResponse(replacement)).statusCode).toBe(201);
  });

  it('refuses re-enrollment of a banned device', async () => {
    const device = await service.enrolled(new TestDevice());
    await service.app.inject({
      method: 'POST',
      url: `/v1/admin/devices/${device.deviceId}/ban`,
      headers: service.admin(),
      payload: {},
    });
    const token = await service.enrollmentToken({ deviceId: device.deviceId });
    expect(code(await service.enroll(new TestDevice(), { token, deviceId: device.deviceId }))).toBe(
      'VIGIL_ENROLL_DEVICE_BANNED',
    );
  });

  it('rejects bodies with unknown members, duplicate members, deep nesting or too many bytes', async () => {
    const token = await service.enrollmentToken();
    const csr = new TestDevice().csr();
    const inject = (payload: string) =>
      service.app.inject({
        method: 'POST',
        url: '/v1/enroll',
        headers: { 'content-type': 'application/json' },
        payload,
      });
    expect(code(await inject(JSON.stringify({ token, csr, validityDays: 3650 })))).toBe('VIGIL_HTTP_VALIDATION');
    expect(code(await inject(`{"token":${JSON.stringify(token)},"csr":${JSON.stringify(csr)},"token":"x"}`))).toBe(
      'VIGIL_HTTP_DUPLICATE_KEY',
    );
    expect(code(await inject(`{"token":${'['.repeat(50)}${']'.repeat(50)}}`))).toBe('VIGIL_HTTP_TOO_DEEP');
    expect(code(await inject('{"token": "x", "csr": '))).toBe('VIGIL_HTTP_MALFORMED_JSON');
    const huge = await inject(JSON.stringify({ token, csr: 'A'.repeat(300 * 1024) }));
    expect(huge.statusCode).toBe(413);
    expect(code(huge)).toBe('VIGIL_HTTP_BODY_TOO_LARGE');
  });
});

describe('POST /v1/renew', () => {
  it('issues a new certificate; the first use of the new one retires the old', async () => {
    const device = await service.enrolled(new TestDevice());
    const renewed = new TestDevice();
    const response = await service.app.inject({
      method: 'POST',
      url: '/v1/renew',
      headers: device.certHeader(),
      payload: { csr: renewed.csr() },
    });
    expect(response.statusCode).toBe(200);
    renewed.adopt({ ...(response.json() as { certificate: string }), deviceId: device.deviceId });
    expect((await service.challengeResponse(device)).statusCode).toBe(201);
    expect((await service.challengeResponse(renewed)).statusCode).toBe(201);
    const old = await service.challengeResponse(device);
    expect(old.statusCode).toBe(401);
    expect(code(old)).toBe('VIGIL_AUTH_CERT_REVOKED');
  });

  it('is refused for banned devices and for keys of other devices', async () => {
    const device = await service.enrolled(new TestDevice());
    const other = await service.enrolled(new TestDevice());
    const foreign = await service.app.inject({
      method: 'POST',
      url: '/v1/renew',
      headers: device.certHeader(),
      payload: { csr: other.csr() },
    });
    expect(code(foreign)).toBe('VIGIL_RENEW_KEY_IN_USE');
    await service.app.inject({
      method: 'POST',
      url: `/v1/admin/devices/${device.deviceId}/ban`,
      headers: service.admin(),
      payload: { reason: 'lost' },
    });
    const banned = await service.app.inject({
      method: 'POST',
      url: '/v1/renew',
      headers: device.certHeader(),
      payload: { csr: device.csr() },
    });
    expect(banned.statusCode).toBe(403);
    expect(code(banned)).toBe('VIGIL_AUTH_DEVICE_BANNED');
  });
});
