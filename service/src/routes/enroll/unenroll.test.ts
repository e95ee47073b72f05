/**
 * POST /v1/unenroll: the device retires itself; afterwards its certificate opens nothing
 * (challenges, evidence, renewal, read-back, a second unenroll), gateways get no result, and
 * CAEP receivers hear it like an admin retire. Also over real HTTPS with a real client cert.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaepTransmitter, ComplianceChange } from '../../caep/transmitter.js';
import { createTestService, httpsRequest, TestDevice, type TestService } from '../../test-support/index.js';

function recorder(): CaepTransmitter & { events: ComplianceChange[] } {
  const events: ComplianceChange[] = [];
  return { enabled: true, events, emitComplianceChange: (c) => events.push(c), flush: async () => {}, stop: () => {} };
}

let service: TestService;
afterEach(() => service.close());
const code = (response: { json(): unknown }) => (response.json() as { code: string }).code;
const RETIRED = [403, 'VIGIL_AUTH_DEVICE_RETIRED'];

const unenroll = (device: TestDevice, payload: unknown = {}) =>
  service.app.inject({ method: 'POST', url: '/v1/unenroll', headers: device.certHeader(), payload: payload as object });

async function gatewayResult(device: TestDevice) {
  return service.app.inject({
    url: `/v1/devices/by-cert/${device.thumbprint}/attestation-result?aud=urn:vigil:gateway`,
    headers: { authorization: `Bearer ${await service.gatewayToken()}` },
  });
}

describe('POST /v1/unenroll', () => {
  it('retires the device, tells CAEP receivers, and refuses everything from it afterwards', async () => {
    const caep = recorder();
    service = await createTestService({ caep });
    const device = await service.enrolled(new TestDevice());
    await service.submit(device);
    const outstandingNonce = await service.challenge(device);
    expect((await gatewayResult(device)).statusCode).toBe(200);

    const left = await unenroll(device);
    expect([left.statusCode, left.json()]).toEqual([200, { deviceId: device.deviceId, status: 'retired' }]);
    expect(caep.events).toEqual([
      expect.objectContaining({ deviceId: device.deviceId, status: 'not-compliant', reasonAdmin: 'retired' }),
    ]);
    expect(await service.store.getDevice(device.deviceId)).toMatchObject({
      status: 'retired',
      statusReason: 'unenrolled by the device',
    });

    const challenge = await service.challengeResponse(device);
    expect([challenge.statusCode, code(challenge)]).toEqual(RETIRED);
    // Even a report answering a nonce issued before the unenroll.
    const report = await device.report({ nonce: outstandingNonce });
    const evidence = await service.evidence(device, report);
    expect([evidence.statusCode, code(evidence)]).toEqual(RETIRED);
    const renew = await service.app.inject({
      method: 'POST',
      url: '/v1/renew',
      headers: device.certHeader(),
      payload: { csr: new TestDevice().csr() },
    });
    expect([renew.statusCode, code(renew)]).toEqual(RETIRED);
    const self = await service.app.inject({ url: '/v1/devices/self/result', headers: device.certHeader() });
    expect([self.statusCode, code(self)]).toEqual(RETIRED);
    const again = await unenroll(device);
    expect([again.statusCode, code(again)]).toEqual(RETIRED);
    expect(caep.events).toHaveLength(1);
    const gateway = await gatewayResult(device);
    expect([gateway.statusCode, code(gateway)]).toEqual([404, 'VIGIL_RESULT_NOT_FOUND']);
    expect((await service.store.listReports(device.deviceId, 10)).map((r) => r.seq)).toEqual([1]);
  });

  it('needs the device certificate and takes only an empty body', async () => {
    service = await createTestService();
    const device = await service.enrolled(new TestDevice());
    const anonymous = await service.app.inject({ method: 'POST', url: '/v1/unenroll', payload: {} });
    expect([anonymous.statusCode, code(anonymous)]).toEqual([401, 'VIGIL_AUTH_CERT_MISSING']);
    const extra = await unenroll(device, { deviceId: device.deviceId });
    expect([extra.statusCode, code(extra)]).toEqual([400, 'VIGIL_HTTP_VALIDATION']);
    expect((await service.store.getDevice(device.deviceId))?.status).toBe('active');
    // No body at all means the same as {}.
    const bare = await service.app.inject({ method: 'POST', url: '/v1/unenroll', headers: device.certHeader() });
    expect(bare.statusCode).toBe(200);
  });

  it('leaves other devices alone', async () => {
    service = await createTestService();
    const leaving = await service.enrolled(new TestDevice());
    const staying = await service.enrolled(new TestDevice());
    expect((await unenroll(leaving)).statusCode).toBe(200);
    expect((await service.submit(staying)).response.statusCode).toBe(200);
  });

  it('works over real HTTPS with the device certificate, which is then refused', async () => {
    service = await createTestService({ tls: true });
    await service.app.listen({ host: '127.0.0.1', port: 0 });
    const base = `https://127.0.0.1:${(service.app.server.address() as AddressInfo).port}`;
    const ca = service.authority.certPem;
    const device = new TestDevice();
    const token = await service.enrollmentToken();
    const enrolled = await httpsRequest(`${base}/v1/enroll`, {
      ca,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, csr: device.csr() }),
    });
    expect(enrolled.status).toBe(201);
    device.adopt(enrolled.json());
    const mtls = {
      ca,
      key: device.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      cert: device.certPem,
    };
    const left = await httpsRequest(`${base}/v1/unenroll`, {
      ...mtls,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect([left.status, left.json()]).toEqual([200, { deviceId: device.deviceId, status: 'retired' }]);
    const challenge = await httpsRequest(`${base}/v1/challenges`, { ...mtls, method: 'POST' });
    expect([challenge.status, challenge.json<{ code: string }>().code]).toEqual(RETIRED);
  });
});
