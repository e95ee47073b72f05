/**
 * Enrollment codes from the admin API: `vigil1.` + base64url JSON {u, t, c, o}, checked both by
 * hand and with the shared parser; the code's token enrolls; the pinned CA is the root of the
 * server's TLS certificate (the device CA, or the operator's CA); bad requests create nothing.
 */
import type { AddressInfo } from 'node:net';
import { parseEnrollmentCode } from '@vigil/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { caFingerprintOf as fingerprint, enrollWithCode } from '../../test-support/enroll-with-code.js';
import { buildApp } from '../../app.js';
import { ResultKeyRing } from '../../appraisal/result-keys.js';
import { CertificateAuthority } from '../../ca/authority.js';
import { openDatabase } from '../../store/sqlite/open.js';
import { sqliteStore } from '../../store/sqlite/sqlite-store.js';
import {
  createTestService,
  httpsRequest,
  testAuthority,
  TestDevice,
  type TestService,
} from '../../test-support/index.js';
import { mintToken } from '../../tokens.js';

let service: TestService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});
const code = (response: { json(): unknown }) => (response.json() as { code: string }).code;

/** Decoded by hand, per the documented format, independent of the shared parser. */
function decodeByHand(text: string): Record<string, unknown> {
  expect(text.startsWith('vigil1.')).toBe(true);
  const payload = text.slice('vigil1.'.length);
  expect(payload).toMatch(/^[A-Za-z0-9_-]+$/);
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('POST /v1/admin/enrollment-tokens with code: true', () => {
  it('returns a code carrying the URL, the token, the CA fingerprint and the ownership', async () => {
    const svc = (service = await createTestService());
    const response = await svc.app.inject({
      method: 'POST',
      url: '/v1/admin/enrollment-tokens',
      headers: svc.admin(),
      payload: { code: true, ownership: 'personal', serverUrl: 'https://vigil.example.com:8443/' },
    });
    expect(response.statusCode).toBe(201);
    const body = response.json() as { token: string; code: string; ownership: string };
    expect(body.ownership).toBe('personal');
    expect(decodeByHand(body.code)).toEqual({
      u: 'https://vigil.example.com:8443',
      t: body.token,
      c: fingerprint(svc.authority.certPem),
      o: 'personal',
    });
    expect(parseEnrollmentCode(body.code)).toEqual({
      serverUrl: 'https://vigil.example.com:8443',
      token: body.token,
      caFingerprint: fingerprint(svc.authority.certPem),
      ownership: 'personal',
    });
    // The token inside enrolls, once.
    const device = new TestDevice();
    const consent = { statementVersion: '1', acceptedAt: new Date().toISOString() };
    const payload = { token: parseEnrollmentCode(body.code).token, csr: device.csr(), ownership: 'personal', consent };
    expect((await svc.app.inject({ method: 'POST', url: '/v1/enroll', payload })).statusCode).toBe(201);
    const again = await svc.app.inject({
      method: 'POST',
      url: '/v1/enroll',
      payload: { ...payload, csr: new TestDevice().csr() },
    });
    expect(code(again)).toBe('VIGIL_ENROLL_TOKEN_USED');
  });

  it("holds the device to the code's ownership: a managed code cannot enroll a personal device, nor the reverse", async () => {
    const svc = (service = await createTestService());
    const tokenFor = async (ownership: 'managed' | 'personal') => {
      const response = await svc.app.inject({
        method: 'POST',
        url: '/v1/admin/enrollment-tokens',
        headers: svc.admin(),
        payload: { code: true, ownership, serverUrl: 'https://vigil.example.com:8443/' },
      });
      return parseEnrollmentCode((response.json() as { code: string }).code).token;
    };
    const consent = { statementVersion: '1', acceptedAt: new Date().toISOString() };
    const enroll = (token: string, ownership: 'managed' | 'personal') =>
      svc.app.inject({
        method: 'POST',
        url: '/v1/enroll',
        payload: { token, csr: new TestDevice().csr(), ownership, ...(ownership === 'personal' ? { consent } : {}) },
      });
    const managedCode = await tokenFor('managed');
    // Hiding a company device's posture behind the personal view is refused, and costs no use.
    expect(code(await enroll(managedCode, 'personal'))).toBe('VIGIL_ENROLL_TOKEN_OWNERSHIP');
    expect((await enroll(managedCode, 'managed')).statusCode).toBe(201);
    const personalCode = await tokenFor('personal');
    expect(code(await enroll(personalCode, 'managed'))).toBe('VIGIL_ENROLL_TOKEN_OWNERSHIP');
    expect((await enroll(personalCode, 'personal')).statusCode).toBe(201);
  });

  it('defaults to managed, and keeps the plain answer when no code is asked for', async () => {
    const svc = (service = await createTestService());
    const post = (payload: object) =>
      svc.app.inject({ method: 'POST', url: '/v1/admin/enrollment-tokens', headers: svc.admin(), payload });
    const managed = (await post({ code: true, serverUrl: 'https://vigil.example.com/base/' })).json() as {
      code: string;
      ownership: string;
    };
    expect([managed.ownership, decodeByHand(managed.code).o, decodeByHand(managed.code).u]).toEqual([
      'managed',
      'managed',
      'https://vigil.example.com/base',
    ]);
    const plain = (await post({})).json() as Record<string, unknown>;
    expect(plain).not.toHaveProperty('code');
    expect(plain).not.toHaveProperty('ownership');
  });

  it('refuses requests a code cannot serve, before creating a token', async () => {
    const svc = (service = await createTestService());
    const cases: object[] = [
      { ownership: 'personal' },
      { serverUrl: 'https://vigil.example.com' },
      { code: true, serverUrl: 'http://vigil.example.com' },
      { code: true, serverUrl: 'https://admin:pw@vigil.example.com' },
      { code: true, serverUrl: 'https://vigil.example.com/?x=1' },
      { code: true, serverUrl: 'not a url' },
      { code: true, ownership: 'corporate', serverUrl: 'https://vigil.example.com' },
      { code: true, serverUrl: 'https://vigil.example.com', deviceId: '6f1d2c3b-4a59-4e8f-9d7c-0a1b2c3d4e5f' },
      // inject() is plain http: without serverUrl there is no https address to default to.
      { code: true },
    ];
    const create = svc.store.createEnrollmentToken.bind(svc.store);
    let created = 0;
    svc.store.createEnrollmentToken = async (t) => {
      created++;
      return create(t);
    };
    for (const payload of cases) {
      const response = await svc.app.inject({
        method: 'POST',
        url: '/v1/admin/enrollment-tokens',
        headers: svc.admin(),
        payload,
      });
      expect([response.statusCode, code(response)], JSON.stringify(payload)).toEqual([400, 'VIGIL_HTTP_VALIDATION']);
    }
    expect(created).toBe(0);
  });

  it('over HTTPS defaults the URL to the one the admin used, and the pinned CA serves enrollment', async () => {
    const svc = (service = await createTestService({ tls: true }));
    await svc.app.listen({ host: '127.0.0.1', port: 0 });
    const base = `https://127.0.0.1:${(svc.app.server.address() as AddressInfo).port}`;
    const ca = svc.authority.certPem;
    const created = await httpsRequest(`${base}/v1/admin/enrollment-tokens`, {
      ca,
      method: 'POST',
      headers: { authorization: `Bearer ${svc.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code: true, ownership: 'personal' }),
    });
    expect(created.status).toBe(201);
    const parsed = parseEnrollmentCode(created.json<{ code: string }>().code);
    expect(parsed.serverUrl).toBe(base);

    // What an agent does with the code: fetch the anchors, keep the one the code pins, enroll with it.
    const device = new TestDevice();
    const { pinned, enrolled } = await enrollWithCode(parsed.serverUrl, parsed, device, ca);
    expect(pinned).toHaveLength(1);
    expect(enrolled.status, enrolled.text).toBe(201);
    expect((await svc.store.getDevice(enrolled.json<{ deviceId: string }>().deviceId))?.ownership).toBe('personal');
  });

  it('pins the operator CA when the server certificate comes from one', async () => {
    const operatorCa = await CertificateAuthority.create({ keyBits: 2048, commonName: 'Operator CA' });
    const authority = await testAuthority();
    const store = sqliteStore(openDatabase(':memory:'));
    const app = await buildApp({
      settings: { testClientCertHeader: true, purgeIntervalSeconds: 0 },
      store,
      authority,
      keys: await ResultKeyRing.open(undefined),
      serverTrustAnchors: [operatorCa.certPem],
    });
    try {
      const admin = mintToken('adm');
      await store.createAdminToken({ id: admin.id, secretHash: admin.secretHash, now: new Date() });
      const response = await app.inject({
        method: 'POST',
        url: '/v1/admin/enrollment-tokens',
        headers: { authorization: `Bearer ${admin.token}` },
        payload: { code: true, serverUrl: 'https://vigil.example.com' },
      });
      expect(decodeByHand((response.json() as { code: string }).code).c).toBe(fingerprint(operatorCa.certPem));
      const anchors = (await app.inject({ url: '/v1/enroll/ca' })).json() as { caCertificates: string[] };
      expect(anchors.caCertificates).toEqual([authority.certPem, operatorCa.certPem]);
    } finally {
      await app.close();
      await store.close();
    }
  });
});
