/** Security catalogue — signatures, key binding and client-certificate identity. */
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CertificateAuthority } from '../../ca/authority.js';
import { toForgePublicKey } from '../../ca/build-certificate.js';
import {
  b64u,
  createTestService,
  flipByte,
  signRawPs256,
  TestDevice,
  type TestService,
} from '../../test-support/index.js';

let service: TestService;
let device: TestDevice;
beforeEach(async () => {
  service = await createTestService();
  device = await service.enrolled(new TestDevice());
});
afterEach(() => service.close());

const code = (response: { json(): unknown }) => (response.json() as { code: string }).code;
const challenged = async (d = device) => d.report({ nonce: await service.challenge(d) });

function resign(claims: object, header: object, signer: (input: string) => Buffer): string {
  const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(claims))}`;
  return `${input}.${b64u(signer(input))}`;
}

describe('signatures', () => {
  it('accepts the genuine report', async () => {
    expect((await service.evidence(device, await challenged())).statusCode).toBe(200);
  });

  it('rejects one flipped byte in header, payload or signature', async () => {
    const report = await challenged();
    const sig = await service.evidence(device, { jti: report.jti, jws: flipByte(report.jws, 2, 17) });
    expect([sig.statusCode, code(sig)]).toEqual([401, 'VIGIL_EVIDENCE_SIGNATURE']);
    const payload = await service.evidence(device, { jti: `${report.jti}-p`, jws: flipByte(report.jws, 1, 60) });
    expect(code(payload)).toBe('VIGIL_EVIDENCE_SIGNATURE');
    const kidAt =
      Buffer.from(report.jws.split('.')[0] ?? '', 'base64url')
        .toString()
        .indexOf(device.thumbprint) + 5;
    const header = await service.evidence(device, { jti: `${report.jti}-h`, jws: flipByte(report.jws, 0, kidAt) });
    expect([header.statusCode, code(header)]).toEqual([401, 'VIGIL_EVIDENCE_KID']);
    const broken = await service.evidence(device, { jti: `${report.jti}-b`, jws: flipByte(report.jws, 0, 0) });
    expect(code(broken)).toBe('VIGIL_EVIDENCE_MALFORMED');
  });

  it('rejects alg none, HS256 keyed with the public key, and algorithms off the allowlist', async () => {
    const { claims, jti } = await challenged();
    const header = { typ: 'eat+jwt', kid: device.thumbprint };
    const none = `${b64u(JSON.stringify({ ...header, alg: 'none' }))}.${b64u(JSON.stringify(claims))}.`;
    expect(code(await service.evidence(device, { jti: `${jti}-none`, jws: none }))).toBe('VIGIL_EVIDENCE_ALG');
    const publicPem = device.publicKey.export({ type: 'spki', format: 'pem' });
    const hs = resign(claims, { ...header, alg: 'HS256' }, (input) =>
      createHmac('sha256', publicPem).update(input).digest(),
    );
    expect(code(await service.evidence(device, { jti: `${jti}-hs`, jws: hs }))).toBe('VIGIL_EVIDENCE_ALG');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const es = resign(claims, { ...header, alg: 'ES256' }, (input) =>
      sign('sha256', Buffer.from(input), { key: ec.privateKey, dsaEncoding: 'ieee-p1363' }),
    );
    expect(code(await service.evidence(device, { jti: `${jti}-es`, jws: es }))).toBe('VIGIL_EVIDENCE_ALG');
  });

  it('rejects a wrong or missing typ', async () => {
    const { claims, jti } = await challenged();
    const wrong = signRawPs256({ alg: 'PS256', typ: 'JWT', kid: device.thumbprint }, claims, device.privateKey);
    expect(code(await service.evidence(device, { jti: `${jti}-w`, jws: wrong }))).toBe('VIGIL_EVIDENCE_TYP');
    const missing = signRawPs256({ alg: 'PS256', kid: device.thumbprint }, claims, device.privateKey);
    expect(code(await service.evidence(device, { jti: `${jti}-m`, jws: missing }))).toBe('VIGIL_EVIDENCE_TYP');
  });

  it("rejects a valid JWS whose key is not the mTLS certificate's key", async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const report = await device.report({ nonce: await service.challenge(device), signingKey: stranger.privateKey });
    const response = await service.evidence(device, report);
    expect([response.statusCode, code(response)]).toEqual([401, 'VIGIL_EVIDENCE_SIGNATURE']);
  });

  it("rejects another device's evidence over this device's connection", async () => {
    const other = await service.enrolled(new TestDevice());
    const theirs = await other.report({ nonce: await service.challenge(other) });
    expect(code(await service.evidence(device, theirs))).toBe('VIGIL_EVIDENCE_KID');
    // Signed by this device but claiming the other's identity.
    const claimed = await device.report({ nonce: await service.challenge(device), claims: { ueid: other.deviceId } });
    const response = await service.evidence(device, claimed);
    expect([response.statusCode, code(response)]).toEqual([403, 'VIGIL_EVIDENCE_DEVICE_MISMATCH']);
  });

  it('ignores a garbage x5c for trust', async () => {
    const { claims, jti } = await challenged();
    const jws = signRawPs256(
      { alg: 'PS256', typ: 'eat+jwt', kid: device.thumbprint, x5c: ['bm90IGEgY2VydA', '!!'] },
      claims,
      device.privateKey,
    );
    expect((await service.evidence(device, { jti, jws })).statusCode).toBe(200);
  });

  it('requires jti to equal the Idempotency-Key', async () => {
    const report = await challenged();
    expect(code(await service.evidence(device, { jws: report.jws, jti: 'some-other-key' }))).toBe(
      'VIGIL_EVIDENCE_JTI_MISMATCH',
    );
  });

  it('rejects duplicate members, unknown claims are ignored, deep nesting is refused', async () => {
    const { claims, jti } = await challenged();
    const text = JSON.stringify(claims).replace('"seq":1', '"seq":1,"seq":2');
    const dup = signRawPs256({ alg: 'PS256', typ: 'eat+jwt', kid: device.thumbprint }, text, device.privateKey);
    expect(code(await service.evidence(device, { jti, jws: dup }))).toBe('VIGIL_EVIDENCE_DUPLICATE_KEY');
    const deep = signRawPs256(
      { alg: 'PS256', typ: 'eat+jwt', kid: device.thumbprint },
      { ...claims, x: JSON.parse('['.repeat(40) + ']'.repeat(40)) },
      device.privateKey,
    );
    expect(code(await service.evidence(device, { jti: `${jti}-d`, jws: deep }))).toBe('VIGIL_EVIDENCE_MALFORMED');
    const extra = await device.report({
      nonce: await service.challenge(device),
      claims: { vendor_extension: { a: 1 } },
    });
    expect((await service.evidence(device, extra)).statusCode).toBe(200);
  });

  it('enforces required claims', async () => {
    const report = await device.report({
      nonce: await service.challenge(device),
      unchecked: true,
      claims: { agent: undefined },
    });
    expect(code(await service.evidence(device, report))).toBe('VIGIL_EVIDENCE_CLAIMS');
  });

  it('wants Content-Type application/eat+jwt and refuses oversized bodies', async () => {
    const report = await challenged();
    const json = await service.evidence(device, report, { 'content-type': 'application/json' });
    expect([json.statusCode, code(json)]).toEqual([415, 'VIGIL_EVIDENCE_CONTENT_TYPE']);
    const huge = await service.evidence(device, { jti: report.jti, jws: 'a'.repeat(300 * 1024) });
    expect([huge.statusCode, code(huge)]).toEqual([413, 'VIGIL_HTTP_BODY_TOO_LARGE']);
  });
});

describe('client certificate identity (direct trust)', () => {
  it('requires a client certificate', async () => {
    const response = await service.app.inject({ method: 'POST', url: '/v1/challenges' });
    expect([response.statusCode, code(response)]).toEqual([401, 'VIGIL_AUTH_CERT_MISSING']);
  });

  it('refuses certificates from another CA, and CA-signed certificates the registry never issued', async () => {
    const foreignCa = await CertificateAuthority.create({ keyBits: 2048, commonName: 'Other CA' });
    const intruder = new TestDevice();
    const foreign = foreignCa.issueDevice({
      deviceId: device.deviceId,
      publicKey: toForgePublicKey(intruder.publicKey),
      lifetimeSeconds: 3600,
      now: new Date(),
    });
    intruder.adopt({ deviceId: device.deviceId, certificate: foreign.pem });
    expect(code(await service.challengeResponse(intruder))).toBe('VIGIL_AUTH_CERT_UNTRUSTED');
    // Signed by our CA key (e.g. a leaked copy of an issuance) but never registered: refused.
    const unregistered = service.authority.issueDevice({
      deviceId: device.deviceId,
      publicKey: toForgePublicKey(intruder.publicKey),
      lifetimeSeconds: 3600,
      now: new Date(),
    });
    intruder.adopt({ certificate: unregistered.pem });
    expect(code(await service.challengeResponse(intruder))).toBe('VIGIL_AUTH_CERT_UNKNOWN');
  });

  it('refuses a banned device on every mTLS route, and lets it back after unban', async () => {
    const ban = await service.app.inject({
      method: 'POST',
      url: `/v1/admin/devices/${device.deviceId}/ban`,
      headers: service.admin(),
      payload: { reason: 'stolen' },
    });
    expect(ban.json()).toMatchObject({ status: 'banned', statusReason: 'stolen' });
    const report = await device.report({ nonce: 'A'.repeat(43) });
    for (const response of [await service.challengeResponse(device), await service.evidence(device, report)]) {
      expect([response.statusCode, code(response)]).toEqual([403, 'VIGIL_AUTH_DEVICE_BANNED']);
    }
    const unban = await service.app.inject({
      method: 'POST',
      url: `/v1/admin/devices/${device.deviceId}/unban`,
      headers: service.admin(),
    });
    expect(unban.statusCode, unban.body).toBe(200);
    expect((await service.challengeResponse(device)).statusCode).toBe(201);
  });
});
