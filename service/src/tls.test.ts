/** Real HTTPS + mTLS on loopback with real certificates: what inject() cannot show. */
import { Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:tls';
import { verifyEar } from '@vigil/shared';
import type { JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateAuthority } from './ca/authority.js';
import { toForgePublicKey } from './ca/build-certificate.js';
import {
  createTestService,
  httpsRequest,
  TestDevice,
  type HttpsOptions,
  type TestService,
} from './test-support/index.js';

let service: TestService;
let base = '';
let ca = '';
beforeAll(async () => {
  service = await createTestService({ tls: true });
  await service.app.listen({ host: '127.0.0.1', port: 0 });
  base = `https://127.0.0.1:${(service.app.server.address() as AddressInfo).port}`;
  ca = service.authority.certPem;
});
afterAll(() => service.close());

const keyPem = (d: TestDevice) => d.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const mtls = (d: TestDevice): Pick<HttpsOptions, 'key' | 'cert' | 'ca'> => ({ key: keyPem(d), cert: d.certPem, ca });
const post = (path: string, options: Partial<HttpsOptions>) =>
  httpsRequest(`${base}${path}`, { ca, method: 'POST', ...options });
const code = (r: { json<T>(): T }) => r.json<{ code: string }>().code;

async function enrollOverTls(device: TestDevice) {
  const token = await httpsRequest(`${base}/v1/admin/enrollment-tokens`, {
    ca,
    method: 'POST',
    headers: { authorization: `Bearer ${service.adminToken}`, 'content-type': 'application/json' },
    body: '{}',
  });
  const response = await post('/v1/enroll', {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: token.json<{ token: string }>().token, csr: device.csr() }),
  });
  expect(response.status).toBe(201);
  return device.adopt(response.json());
}

function certFor(device: TestDevice, authority: CertificateAuthority, now: Date, lifetimeSeconds: number): TestDevice {
  const issued = authority.issueDevice({
    deviceId: device.deviceId,
    publicKey: toForgePublicKey(device.publicKey),
    lifetimeSeconds,
    now,
  });
  return new TestDevice({ privateKey: device.privateKey, publicKey: device.publicKey }).adopt({
    deviceId: device.deviceId,
    certificate: issued.pem,
  });
}

describe('over HTTPS with mutual TLS', () => {
  it('enrolls without a client certificate, then challenge → evidence → EAR bound to the TLS certificate', async () => {
    const device = await enrollOverTls(new TestDevice());
    const agent = new Agent({ keepAlive: true, maxSockets: 1, ...mtls(device) });
    for (let i = 0; i < 3; i++) {
      const challenge = await post('/v1/challenges', { ...mtls(device), agent });
      expect(challenge.status).toBe(201);
      const report = await device.report({ nonce: challenge.json<{ nonce: string }>().nonce });
      const response = await post('/v1/evidence', {
        ...mtls(device),
        agent,
        headers: { 'content-type': 'application/eat+jwt', 'idempotency-key': report.jti },
        body: report.jws,
      });
      expect(response.status).toBe(200);
      device.accepted(report);
      const jwks = (await httpsRequest(`${base}/.well-known/jwks.json`, { ca })).json<JSONWebKeySet>();
      const { status } = await verifyEar(response.json<{ ear: string }>().ear, {
        jwks,
        issuer: 'urn:vigil:service',
        audience: 'urn:vigil:gateway',
        maxAgeSeconds: 900,
        clockToleranceSeconds: 30,
        certThumbprint: device.thumbprint,
      });
      expect(status).toBe('affirming');
    }
    agent.destroy();
  });

  it('refuses mTLS routes without a client certificate', async () => {
    const response = await post('/v1/challenges', {});
    expect([response.status, code(response)]).toEqual([401, 'VIGIL_AUTH_CERT_MISSING']);
  });

  it('refuses a client certificate from another CA, an expired one and a not-yet-valid one', async () => {
    const device = await enrollOverTls(new TestDevice());
    const foreignCa = await CertificateAuthority.create({ keyBits: 2048, commonName: 'Evil CA' });
    const cases: Array<[TestDevice, string]> = [
      [certFor(device, foreignCa, new Date(), 3600), 'VIGIL_AUTH_CERT_UNTRUSTED'],
      [certFor(device, service.authority, new Date(Date.now() - 7200_000), 3600), 'VIGIL_AUTH_CERT_EXPIRED'],
      [certFor(device, service.authority, new Date(Date.now() + 600_000), 3600), 'VIGIL_AUTH_CERT_NOT_YET_VALID'],
    ];
    for (const [holder, expected] of cases) {
      const response = await post('/v1/challenges', mtls(holder));
      expect([response.status, code(response)]).toEqual([401, expected]);
    }
  });

  it('refuses a banned device over TLS', async () => {
    const device = await enrollOverTls(new TestDevice());
    await service.app.inject({
      method: 'POST',
      url: `/v1/admin/devices/${device.deviceId}/ban`,
      headers: service.admin(),
    });
    const response = await post('/v1/challenges', mtls(device));
    expect([response.status, code(response)]).toEqual([403, 'VIGIL_AUTH_DEVICE_BANNED']);
  });

  it('refuses TLS 1.1 clients (server-side: the client here is willing)', async () => {
    const port = Number(new URL(base).port);
    const error = await new Promise<Error & { code?: string }>((resolve) => {
      // SECLEVEL=0 lets this client offer TLS 1.1, so the refusal must come from the server.
      const socket = connect({
        host: '127.0.0.1',
        port,
        ca,
        minVersion: 'TLSv1',
        maxVersion: 'TLSv1.1',
        ciphers: 'DEFAULT:@SECLEVEL=0',
      });
      socket.on('secureConnect', () =>
        resolve(Object.assign(new Error('handshake succeeded'), { code: 'UNEXPECTED' })),
      );
      socket.on('error', resolve);
    });
    expect(error.code).toBe('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
    await expect(httpsRequest(`${base}/healthz`, { ca, maxVersion: 'TLSv1.2' })).resolves.toMatchObject({
      status: 200,
    });
  });

  it('fails on the client when the server certificate is not from the pinned CA', async () => {
    const other = await CertificateAuthority.create({ keyBits: 2048 });
    await expect(httpsRequest(`${base}/healthz`, { ca: other.certPem })).rejects.toThrow(/certificate/i);
  });
});
