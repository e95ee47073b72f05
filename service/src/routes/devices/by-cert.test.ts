/**
 * Background check (GET /v1/devices/by-cert/:x5t/attestation-result), as the gateway's
 * ear-source calls it: gateway token only, configured audience only, 404 for anything without a
 * current result, and an EAR that verifies with the JWKS, bound to the asked-for certificate.
 */
import { decodeJwt } from 'jose';
import { verifyEar } from '@vigil/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestService, TestDevice, type TestService } from '../../test-support/index.js';

let service: TestService;
let gatewayToken: string;
beforeEach(async () => {
  service = await createTestService();
  gatewayToken = await service.gatewayToken();
});
afterEach(() => service.close());

const AUD = 'urn:vigil:gateway';
const get = (x5t: string, token: string | undefined, aud = AUD) =>
  service.app.inject({
    url: `/v1/devices/by-cert/${encodeURIComponent(x5t)}/attestation-result?aud=${encodeURIComponent(aud)}`,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

describe('GET /v1/devices/by-cert/:x5t/attestation-result', () => {
  it('requires a gateway token; admin tokens and a re-labelled gateway token do not work', async () => {
    const device = await service.enrolled(new TestDevice());
    await service.submit(device);
    for (const token of [undefined, service.adminToken, gatewayToken.replace('vgl_gwy_', 'vgl_adm_'), 'vgl_gwy_x']) {
      const response = await get(device.thumbprint, token);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 'VIGIL_GATEWAY_UNAUTHORIZED' });
    }
    // …and a gateway token opens no admin route.
    const admin = await service.app.inject({
      url: '/v1/admin/devices',
      headers: { authorization: `Bearer ${gatewayToken.replace('vgl_gwy_', 'vgl_adm_')}` },
    });
    expect(admin.statusCode).toBe(401);
  });

  it('refuses another audience with 400 and answers 404 for an unknown thumbprint or no report', async () => {
    const device = await service.enrolled(new TestDevice());
    expect((await get(device.thumbprint, gatewayToken)).json()).toMatchObject({ code: 'VIGIL_RESULT_NOT_FOUND' });
    await service.submit(device, { challenged: false });
    expect((await get(device.thumbprint, gatewayToken)).statusCode).toBe(404); // unchallenged: no EAR
    await service.submit(device);
    const wrongAud = await get(device.thumbprint, gatewayToken, 'urn:other');
    expect(wrongAud.statusCode).toBe(400);
    expect(wrongAud.json()).toMatchObject({ code: 'VIGIL_RESULT_AUDIENCE' });
    const unknown = await get('A'.repeat(43), gatewayToken);
    expect(unknown.statusCode).toBe(404);
    expect((await get('not-a-thumbprint', gatewayToken)).statusCode).toBe(400);
  });

  it('returns an EAR that verifies with the JWKS, cnf = the thumbprint, same iat/exp as the report', async () => {
    const device = await service.enrolled(new TestDevice());
    const { response: submitted } = await service.submit(device);
    const original = decodeJwt((submitted.json() as { ear: string }).ear);
    const response = await get(device.thumbprint, gatewayToken);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const { ear } = response.json() as { ear: string };
    const jwks = (await service.app.inject({ url: '/.well-known/jwks.json' })).json() as never;
    const verified = await verifyEar(ear, {
      jwks,
      issuer: 'urn:vigil:service',
      audience: AUD,
      maxAgeSeconds: 3600,
      clockToleranceSeconds: 5,
      certThumbprint: device.thumbprint,
    });
    expect(verified.claims.cnf['x5t#S256']).toBe(device.thumbprint);
    expect(verified.status).toBe('affirming');
    expect(verified.claims.sub).toBe(`urn:vigil:device:${device.deviceId}`);
    expect(verified.claims.iat).toBe(original.iat);
    expect(verified.claims.exp).toBe(original.exp);
    expect(verified.claims.jti).not.toBe(original.jti);
  });

  it('answers 404 once the device is banned', async () => {
    const device = await service.enrolled(new TestDevice());
    await service.submit(device);
    expect((await get(device.thumbprint, gatewayToken)).statusCode).toBe(200);
    await service.app.inject({
      method: 'POST',
      url: `/v1/admin/devices/${device.deviceId}/ban`,
      headers: service.admin(),
    });
    expect((await get(device.thumbprint, gatewayToken)).statusCode).toBe(404);
  });
});
