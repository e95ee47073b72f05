/** Security catalogue — freshness and time (protocol.md). */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestService, signRawPs256, TestDevice, type TestService } from '../../test-support/index.js';

let service: TestService;
let now = new Date();
const clock = () => now;
afterEach(() => service.close());
const code = (response: { json(): unknown }) => (response.json() as { code: string }).code;

async function setup(settings = {}) {
  now = new Date();
  service = await createTestService({ now: clock, settings });
  return service.enrolled(new TestDevice());
}

describe('freshness', () => {
  it('rejects a report without nonce where challenges are required', async () => {
    const device = await setup({ acceptUnchallenged: false });
    const response = await service.evidence(device, await device.report());
    expect(response.statusCode).toBe(400);
    expect(code(response)).toBe('VIGIL_EVIDENCE_NONCE_MISSING');
  });

  it('stores unchallenged reports for history but never issues an EAR for them', async () => {
    const device = await setup();
    const { response } = await service.submit(device, { challenged: false });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ challenged: false, ear: null, earExpiresAt: null });
    expect((await service.submit(device)).response.json()).toMatchObject({ challenged: true, ear: expect.any(String) });
  });

  it('rejects an unknown nonce, a reused nonce and an expired nonce', async () => {
    const device = await setup();
    const wrong = await service.evidence(device, await device.report({ nonce: randomBytes(32).toString('base64url') }));
    expect(code(wrong)).toBe('VIGIL_EVIDENCE_NONCE_UNKNOWN');

    const nonce = await service.challenge(device);
    const first = await device.report({ nonce });
    expect((await service.evidence(device, first)).statusCode).toBe(200);
    device.accepted(first);
    const reuse = await service.evidence(device, await device.report({ nonce }));
    expect(code(reuse)).toBe('VIGIL_EVIDENCE_NONCE_UNKNOWN');

    const late = await service.challenge(device);
    now = new Date(now.getTime() + 121_000);
    const expired = await service.evidence(device, await device.report({ nonce: late, now }));
    expect(expired.statusCode).toBe(400);
    expect(code(expired)).toBe('VIGIL_EVIDENCE_NONCE_EXPIRED');
  });

  it("rejects another device's nonce without consuming it", async () => {
    const a = await setup();
    const b = await service.enrolled(new TestDevice());
    const nonceOfB = await service.challenge(b);
    expect(code(await service.evidence(a, await a.report({ nonce: nonceOfB })))).toBe('VIGIL_EVIDENCE_NONCE_DEVICE');
    expect((await service.evidence(b, await b.report({ nonce: nonceOfB }))).statusCode).toBe(200);
  });

  it('enforces nonce length bounds (RFC 9711: 10–74 characters in JSON)', async () => {
    const device = await setup();
    expect(code(await service.evidence(device, await device.report({ nonce: 'A'.repeat(9), unchecked: true })))).toBe(
      'VIGIL_EVIDENCE_CLAIMS',
    );
    expect(code(await service.evidence(device, await device.report({ nonce: 'A'.repeat(75), unchecked: true })))).toBe(
      'VIGIL_EVIDENCE_CLAIMS',
    );
    expect(code(await service.evidence(device, await device.report({ nonce: 'A'.repeat(10) })))).toBe(
      'VIGIL_EVIDENCE_NONCE_UNKNOWN',
    );
    const nonce = await service.challenge(device);
    expect(Buffer.from(nonce, 'base64url')).toHaveLength(32);
  });

  it('lets two outstanding nonces be used once each, in any order', async () => {
    const device = await setup();
    const [n1, n2] = [await service.challenge(device), await service.challenge(device)];
    for (const nonce of [n2, n1]) {
      const report = await device.report({ nonce });
      expect((await service.evidence(device, report)).statusCode).toBe(200);
      device.accepted(report);
    }
    expect(code(await service.evidence(device, await device.report({ nonce: n1 })))).toBe(
      'VIGIL_EVIDENCE_NONCE_UNKNOWN',
    );
  });

  it('answers a challenge flood with 429 and Retry-After, per device', async () => {
    const device = await setup({ challengeBurst: 3, challengeRefillPerMinute: 6 });
    const other = await service.enrolled(new TestDevice());
    for (let i = 0; i < 3; i++) expect((await service.challengeResponse(device)).statusCode).toBe(201);
    const flooded = await service.challengeResponse(device);
    expect(flooded.statusCode).toBe(429);
    expect(code(flooded)).toBe('VIGIL_CHALLENGE_RATE_LIMITED');
    expect(Number(flooded.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await service.challengeResponse(other)).statusCode).toBe(201);
    now = new Date(now.getTime() + 10_000);
    expect((await service.challengeResponse(device)).statusCode).toBe(201);
  });
});

describe('time', () => {
  it('accepts an agent clock 2 h ahead on a challenged report and flags the skew', async () => {
    const device = await setup();
    const nonce = await service.challenge(device);
    const report = await device.report({ nonce, now: new Date(now.getTime() + 2 * 3_600_000) });
    const response = await service.evidence(device, report);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ warnings: ['VIGIL_EVIDENCE_CLOCK_SKEW'], ear: expect.any(String) });
  });

  it('rejects an unchallenged report dated in the future', async () => {
    const device = await setup();
    const report = await device.report({ now: new Date(now.getTime() + 3_600_000) });
    expect(code(await service.evidence(device, report))).toBe('VIGIL_EVIDENCE_IAT_FUTURE');
  });

  it('rejects a non-integer iat', async () => {
    const device = await setup();
    const { claims, jti } = await device.report({ nonce: await service.challenge(device) });
    const text = JSON.stringify(claims).replace(/"iat":(\d+)/, '"iat":$1.5');
    const jws = signRawPs256({ alg: 'PS256', typ: 'eat+jwt', kid: device.thumbprint }, text, device.privateKey);
    expect(code(await service.evidence(device, { jws, jti }))).toBe('VIGIL_EVIDENCE_CLAIMS');
  });

  it('accepts a certificate the moment it is issued (NotBefore backdated), refuses one valid only later', async () => {
    const device = await setup();
    expect((await service.challengeResponse(device)).statusCode).toBe(201);
    const early = new TestDevice();
    const issued = service.authority.issueDevice({
      deviceId: device.deviceId,
      publicKey: (await import('../../ca/build-certificate.js')).toForgePublicKey(early.publicKey),
      lifetimeSeconds: 86_400,
      now: new Date(now.getTime() + 90_000),
    });
    early.adopt({ deviceId: device.deviceId, certificate: issued.pem });
    const response = await service.challengeResponse(early);
    expect(response.statusCode).toBe(401);
    expect(code(response)).toBe('VIGIL_AUTH_CERT_NOT_YET_VALID');
  });

  it('refuses an expired certificate', async () => {
    const device = await setup();
    now = new Date(now.getTime() + 31 * 86_400_000);
    const response = await service.challengeResponse(device);
    expect(response.statusCode).toBe(401);
    expect(code(response)).toBe('VIGIL_AUTH_CERT_EXPIRED');
  });
});
