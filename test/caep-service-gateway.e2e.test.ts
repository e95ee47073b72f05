/**
 * Service → gateway revocation, end to end on loopback: the real service app over HTTPS with a
 * CAEP receiver registration pointing at a real gateway forward-auth server, which pins the
 * service's JWKS over HTTPS. A device's EAR is allowed; an admin bans the device; the gateway
 * denies the very same EAR within a second. Background-check mode (no EAR presented, the
 * gateway asks the service with its gateway token) is revoked the same way.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGateway } from '../gateway/src/server/build-gateway.js';
import type { ForwardAuthServer } from '../gateway/src/server/forward-auth-server.js';
import { freePort } from '../gateway/src/test-support/proxy-world.js';
import { createTestService, httpsRequest, TestDevice, type TestService } from '../service/src/test-support/index.js';

const ISSUER = 'urn:vigil:service';
const AUDIENCE = 'urn:vigil:gateway';
const CAEP_AUDIENCE = 'urn:vigil:gateway:e2e';

let service: TestService;
let serviceUrl: string;
let gateway: ForwardAuthServer;
let gatewayUrl: string;

beforeAll(async () => {
  const gatewayPort = await freePort();
  service = await createTestService({
    tls: true,
    settings: {
      issuer: ISSUER,
      audience: AUDIENCE,
      caepReceivers: [{ url: `http://127.0.0.1:${gatewayPort}/caep/events`, audience: CAEP_AUDIENCE }],
    },
  });
  await service.app.listen({ host: '127.0.0.1', port: 0 });
  serviceUrl = `https://127.0.0.1:${(service.app.server.address() as AddressInfo).port}`;
  const gatewayToken = await service.gatewayToken();
  gateway = await buildGateway({
    jwks: `${serviceUrl}/.well-known/jwks.json`,
    jwksCa: service.authority.certPem,
    issuer: ISSUER,
    audience: AUDIENCE,
    host: '127.0.0.1',
    port: gatewayPort,
    mandatoryChecks: [],
    maxAgeSeconds: 900,
    clockToleranceSeconds: 5,
    allowWarning: false,
    certFormat: 'der-base64',
    trustedProxies: ['127.0.0.1'],
    cookie: 'vigil_ear',
    caepAudience: CAEP_AUDIENCE,
    service: { url: serviceUrl, ca: service.authority.certPem, token: gatewayToken },
  });
  gatewayUrl = `http://127.0.0.1:${(await gateway.start()).port}`;
});

afterAll(async () => {
  await gateway?.stop(1_000);
  await service?.close();
});

/** challenge → report → evidence over mTLS; returns the EAR. */
async function attest(device: TestDevice): Promise<string> {
  const tls = {
    ca: service.authority.certPem,
    key: device.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: device.certPem,
  };
  const challenge = await httpsRequest(`${serviceUrl}/v1/challenges`, { ...tls, method: 'POST' });
  expect(challenge.status, challenge.text).toBe(201);
  const report = await device.report({ nonce: challenge.json<{ nonce: string }>().nonce });
  const evidence = await httpsRequest(`${serviceUrl}/v1/evidence`, {
    ...tls,
    method: 'POST',
    headers: { 'content-type': 'application/eat+jwt', 'idempotency-key': report.jti },
    body: report.jws,
  });
  expect(evidence.status, evidence.text).toBe(200);
  device.accepted(report);
  return evidence.json<{ ear: string }>().ear;
}

/** What nginx would ask: the device's certificate (DER, base64) and, optionally, its EAR. */
async function decide(device: TestDevice, ear?: string): Promise<{ status: number; reason: string | null }> {
  const headers: Record<string, string> = { 'x-client-cert': device.certDer.toString('base64') };
  if (ear) headers.authorization = `Bearer ${ear}`;
  const res = await fetch(`${gatewayUrl}/auth`, { headers });
  await res.arrayBuffer();
  return { status: res.status, reason: res.headers.get('x-vigil-reason') };
}

async function deniedWithin(ms: number, check: () => Promise<{ status: number }>): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if ((await check()).status !== 200) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`still allowed after ${ms} ms`);
}

const ban = (device: TestDevice) =>
  service.app.inject({ method: 'POST', url: `/v1/admin/devices/${device.deviceId}/ban`, headers: service.admin() });

describe('CAEP from the service to a gateway', () => {
  it('a banned device is denied by the gateway within 1 s, with the same EAR', async () => {
    const device = await service.enrolled(new TestDevice());
    const ear = await attest(device);
    expect(await decide(device, ear)).toMatchObject({ status: 200 });

    expect((await ban(device)).statusCode).toBe(200);
    const elapsed = await deniedWithin(1_000, () => decide(device, ear));
    expect(elapsed).toBeLessThan(1_000);
    const denied = await decide(device, ear);
    expect(denied.status).toBe(403);
    expect(denied.reason).toBeTruthy();
  });

  it('background check: allowed with no EAR presented, denied within 1 s after a ban', async () => {
    const device = await service.enrolled(new TestDevice());
    await attest(device);
    expect(await decide(device)).toMatchObject({ status: 200 });

    expect((await ban(device)).statusCode).toBe(200);
    await deniedWithin(1_000, () => decide(device));
  });
});
