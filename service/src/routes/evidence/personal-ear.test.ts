/**
 * What gateways learn about a personal (BYOD) device: each check's result, never its reason
 * (reasons quote what was observed on the employee's own machine). Covered for the EAR answered
 * to the device (which the device shows gateways) and for the one the background check re-signs
 * for a gateway. The same report from a managed device keeps its reasons, which proves the scan
 * below would find them.
 */
import { verifyEar, type PostureReport } from '@vigil/shared';
import type { JSONWebKeySet } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTestService,
  healthyPosture,
  TestDevice,
  unencryptedDisk,
  type TestService,
} from '../../test-support/index.js';

type Ownership = 'managed' | 'personal';

const MARKER = 'zz-private';
const AUDIENCE = 'urn:vigil:gateway';

let service: TestService;
let gatewayToken: string;
beforeEach(async () => {
  service = await createTestService();
  gatewayToken = await service.gatewayToken();
});
afterEach(() => service.close());

/** A posture whose failing disk check names a volume of this machine (as real reasons do). */
function postureOf(ownership: Ownership, at = new Date()): PostureReport {
  const disk = unencryptedDisk(at, {
    mountpoint: `/home/${MARKER}-mount`,
    device: `/dev/${MARKER}-disk`,
    detail: `${MARKER} plain ext4`,
  });
  return { ...healthyPosture(at, disk), device: { platform: 'linux', arch: 'x64', ownership } };
}

const consent = () => ({ statementVersion: '1', acceptedAt: new Date(Date.now() - 60_000).toISOString() });

async function enroll(device: TestDevice, ownership: Ownership, extra: { token?: string; deviceId?: string } = {}) {
  const payload = {
    token: extra.token ?? (await service.enrollmentToken()),
    csr: device.csr(),
    ownership,
    ...(ownership === 'personal' ? { consent: consent() } : {}),
    ...(extra.deviceId ? { deviceId: extra.deviceId } : {}),
  };
  const response = await service.app.inject({ method: 'POST', url: '/v1/enroll', payload });
  expect(response.statusCode, response.body).toBe(201);
  device.adopt(response.json());
  return device;
}

/** One challenged report; returns the evidence answer (verdict + EAR). */
async function report(device: TestDevice, ownership: Ownership) {
  const signed = await device.report({
    nonce: await service.challenge(device),
    claims: { posture: postureOf(ownership) },
  });
  const response = await service.evidence(device, signed);
  expect(response.statusCode, response.body).toBe(200);
  device.accepted(signed);
  return response.json() as {
    ear: string;
    verdict: { checks: Array<{ check: string; result: string; reason: string }> };
  };
}

async function backgroundCheck(device: TestDevice): Promise<string> {
  const response = await service.app.inject({
    url: `/v1/devices/by-cert/${device.thumbprint}/attestation-result?aud=${encodeURIComponent(AUDIENCE)}`,
    headers: { authorization: `Bearer ${gatewayToken}` },
  });
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { ear: string }).ear;
}

/** Verifies as a gateway does; the claims and the exact payload text that was signed. */
async function gatewayView(ear: string, device: TestDevice) {
  const jwks = (await service.app.inject({ url: '/.well-known/jwks.json' })).json() as JSONWebKeySet;
  const verified = await verifyEar(ear, {
    jwks,
    issuer: 'urn:vigil:service',
    audience: AUDIENCE,
    maxAgeSeconds: 900,
    clockToleranceSeconds: 30,
    certThumbprint: device.thumbprint,
  });
  const payload = Buffer.from(ear.split('.')[1] ?? '', 'base64url').toString('utf8');
  return { ...verified, payload };
}

function expectResultsOnly(view: Awaited<ReturnType<typeof gatewayView>>) {
  expect(view.claims.vigil_checks).toEqual({
    'os.version': { result: 'pass' },
    'os.patches': { result: 'pass' },
    'disk.encryption': { result: 'fail' },
    'net.firewall': { result: 'pass' },
  });
  expect(view.payload).not.toContain('"reason"');
  expect(view.payload.toLowerCase()).not.toContain(MARKER);
  // Results alone still decide: a failing check under a blocking policy is contraindicated.
  expect(view.status).toBe('contraindicated');
  expect(view.claims.vigil_verdict).toMatchObject({ status: 'noncompliant', action: 'block' });
}

describe('EAR of a personal device', () => {
  it('carries each check result but no reason; the device itself still gets the reasons', async () => {
    const device = await enroll(new TestDevice(), 'personal');
    const answer = await report(device, 'personal');
    expectResultsOnly(await gatewayView(answer.ear, device));
    // The verdict goes to the device over mTLS: the employee sees why, on their own machine.
    const disk = answer.verdict.checks.find((c) => c.check === 'disk.encryption');
    expect(disk?.reason).toContain(`${MARKER}-mount`);
  });

  it('keeps the reasons of a managed device (the same report)', async () => {
    const device = await enroll(new TestDevice(), 'managed');
    const view = await gatewayView((await report(device, 'managed')).ear, device);
    expect(view.claims.vigil_checks['disk.encryption']).toEqual({
      result: 'fail',
      reason: expect.stringContaining(`${MARKER}-mount`) as unknown,
    });
    expect(view.claims.vigil_checks['os.version']?.reason).toEqual(expect.any(String));
  });
});

describe('background check (GET /v1/devices/by-cert/:x5t/attestation-result)', () => {
  it('re-signs a personal device result without reasons, a managed one with them', async () => {
    const personal = await enroll(new TestDevice(), 'personal');
    await report(personal, 'personal');
    expectResultsOnly(await gatewayView(await backgroundCheck(personal), personal));

    const managed = await enroll(new TestDevice(), 'managed');
    await report(managed, 'managed');
    const view = await gatewayView(await backgroundCheck(managed), managed);
    expect(view.claims.vigil_checks['disk.encryption']?.reason).toContain(`${MARKER}-mount`);
  });

  it('never says more than the report it re-signs: a personal report stays without reasons after re-enrolling as managed', async () => {
    const before = await enroll(new TestDevice(), 'personal');
    await report(before, 'personal');
    const retired = await service.app.inject({
      method: 'POST',
      url: `/v1/admin/devices/${before.deviceId}/retire`,
      headers: service.admin(),
    });
    expect(retired.statusCode, retired.body).toBe(200);
    const token = await service.enrollmentToken({ deviceId: before.deviceId });
    const after = await enroll(new TestDevice(), 'managed', { token, deviceId: before.deviceId });
    expect((await service.store.getDevice(after.deviceId))?.ownership).toBe('managed');
    // The newest challenged result is still the one from the personal report.
    expectResultsOnly(await gatewayView(await backgroundCheck(after), after));
  });
});
