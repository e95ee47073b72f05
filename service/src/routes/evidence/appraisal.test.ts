/** The verdict and the attestation result: what a gateway will verify. */
import { verifyEar } from '@vigil/shared';
import type { JSONWebKeySet } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTestService,
  healthyPosture,
  TEST_POLICY_YAML,
  TestDevice,
  unencryptedDisk,
  type TestService,
} from '../../test-support/index.js';

let service: TestService;
let device: TestDevice;
beforeEach(async () => {
  service = await createTestService({ settings: { issuer: 'https://vigil.test', audience: 'urn:test:gateway' } });
  device = await service.enrolled(new TestDevice());
});
afterEach(() => service.close());

const jwks = async () => (await service.app.inject({ url: '/.well-known/jwks.json' })).json() as JSONWebKeySet;
const verify = async (ear: string) =>
  verifyEar(ear, {
    jwks: await jwks(),
    issuer: 'https://vigil.test',
    audience: 'urn:test:gateway',
    maxAgeSeconds: 900,
    clockToleranceSeconds: 30,
    certThumbprint: device.thumbprint,
  });

describe('appraisal and EAR', () => {
  it('issues an affirming, certificate-bound EAR for a compliant challenged report', async () => {
    const { response } = await service.submit(device);
    const body = response.json() as {
      ear: string;
      earExpiresAt: string;
      verdict: { status: string };
      nextReportSeconds: number;
    };
    expect(body.verdict.status).toBe('compliant');
    expect(body.nextReportSeconds).toBe(900);
    const { claims, status } = await verify(body.ear);
    expect(status).toBe('affirming');
    expect(claims).toMatchObject({
      sub: `urn:vigil:device:${device.deviceId}`,
      cnf: { 'x5t#S256': device.thumbprint },
      eat_profile: 'tag:github.com,2023:veraison/ear',
    });
    expect(claims.exp - claims.iat).toBe(900);
    expect(claims.submods.vigil.ear_trustworthiness_vector).toEqual({
      configuration: 2,
      'instance-identity': 2,
      hardware: 0,
      'storage-opaque': 32,
    });
    const policy = (await service.app.inject({ url: '/v1/admin/policy', headers: service.admin() })).json() as {
      hash: string;
    };
    expect(claims.vigil_policy).toEqual({ id: 'vigil-test', hash: policy.hash });
    expect(Object.keys(claims.vigil_checks)).toEqual(['os.version', 'os.patches', 'disk.encryption', 'net.firewall']);
    await expect(
      verifyEar(body.ear, { ...(await verifyArgs()), certThumbprint: 'x'.repeat(43) }),
    ).rejects.toMatchObject({ code: 'VIGIL_EAR_CNF' });
  });

  it('contraindicates a device with an unencrypted disk under a blocking policy', async () => {
    const now = new Date();
    const bad = await device.report({
      nonce: await service.challenge(device),
      claims: { posture: healthyPosture(now, unencryptedDisk(now)) },
    });
    const response = await service.evidence(device, bad);
    const body = response.json() as { ear: string; verdict: { status: string; enforcement: { action: string } } };
    expect(body.verdict).toMatchObject({ status: 'noncompliant', enforcement: { action: 'block' } });
    const { status, claims } = await verify(body.ear);
    expect(status).toBe('contraindicated');
    expect(claims.vigil_checks['disk.encryption']?.result).toBe('fail');
  });

  it('puts the hash of a replaced policy into the next EAR', async () => {
    const relaxed = TEST_POLICY_YAML.replace('id: vigil-test', 'id: relaxed').replace('mode: block', 'mode: report');
    const put = await service.app.inject({
      method: 'PUT',
      url: '/v1/admin/policy',
      headers: { ...service.admin(), 'content-type': 'application/yaml' },
      payload: relaxed,
    });
    expect(put.statusCode).toBe(200);
    const { hash } = put.json() as { hash: string };
    const { claims } = await verify(((await service.submit(device)).response.json() as { ear: string }).ear);
    expect(claims.vigil_policy).toEqual({ id: 'relaxed', hash });
  });

  it('serves the latest verdict and unexpired EAR to the device itself', async () => {
    const missing = await service.app.inject({ url: '/v1/devices/self/result', headers: device.certHeader() });
    expect((missing.json() as { code: string }).code).toBe('VIGIL_DEVICE_NO_REPORT');
    const { response } = await service.submit(device);
    const self = await service.app.inject({ url: '/v1/devices/self/result', headers: device.certHeader() });
    expect(self.json()).toMatchObject({
      seq: 1,
      ear: (response.json() as { ear: string }).ear,
      verdict: { status: 'compliant' },
    });
  });

  it('keeps the previous key published after a rotation, so earlier EARs still verify', async () => {
    const before = ((await service.submit(device)).response.json() as { ear: string }).ear;
    const rotated = await service.app.inject({
      method: 'POST',
      url: '/v1/admin/keys/rotate',
      headers: service.admin(),
    });
    const { kid, published } = rotated.json() as { kid: string; published: string[] };
    expect(published).toHaveLength(2);
    expect(published[0]).toBe(kid);
    await expect(verify(before)).resolves.toBeTruthy();
    const after = ((await service.submit(device)).response.json() as { ear: string }).ear;
    expect(JSON.parse(Buffer.from(after.split('.')[0] ?? '', 'base64url').toString())).toMatchObject({
      alg: 'ES256',
      typ: 'ear+jwt',
      kid,
    });
    await expect(verify(after)).resolves.toBeTruthy();
  });

  it('drops a compromised key: unpublished at once, its EARs stop verifying, the next EAR uses a new key', async () => {
    const before = ((await service.submit(device)).response.json() as { ear: string }).ear;
    const kid = (JSON.parse(Buffer.from(before.split('.')[0] ?? '', 'base64url').toString()) as { kid: string }).kid;
    const dropped = await service.app.inject({
      method: 'DELETE',
      url: `/v1/admin/keys/${kid}`,
      headers: service.admin(),
    });
    expect(dropped.statusCode).toBe(200);
    const outcome = dropped.json() as { dropped: string; signing: string; published: string[] };
    expect(outcome.dropped).toBe(kid);
    expect(outcome.published).toEqual([outcome.signing]);
    expect((await jwks()).keys.map((k) => k.kid)).toEqual([outcome.signing]);
    await expect(verify(before)).rejects.toMatchObject({ code: expect.stringMatching(/^VIGIL_EAR_/) });
    const after = ((await service.submit(device)).response.json() as { ear: string }).ear;
    expect(after.split('.')[0]).not.toBe(before.split('.')[0]);
    await expect(verify(after)).resolves.toBeTruthy();

    const again = await service.app.inject({
      method: 'DELETE',
      url: `/v1/admin/keys/${kid}`,
      headers: service.admin(),
    });
    expect([again.statusCode, (again.json() as { code: string }).code]).toEqual([404, 'VIGIL_ADMIN_KEY_NOT_FOUND']);
    const malformed = await service.app.inject({
      method: 'DELETE',
      url: '/v1/admin/keys/a%20b',
      headers: service.admin(),
    });
    expect(malformed.statusCode).toBe(400);
  });
});

async function verifyArgs() {
  return {
    jwks: await jwks(),
    issuer: 'https://vigil.test',
    audience: 'urn:test:gateway',
    maxAgeSeconds: 900,
    clockToleranceSeconds: 30,
  };
}
