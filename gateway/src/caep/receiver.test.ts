/**
 * CAEP receiver lines of the security catalogue: a not-compliant event revokes, a duplicate
 * `jti` is processed once, and SETs with `exp`, `sub` or the wrong `typ` are refused — plus
 * issuer, audience, signature and the RFC 8935 HTTP contract.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIENCE, DEVICE_ID, ISSUER, serviceKey, type ServiceKey } from '../test-support/ear.js';
import { setClaims, signSet } from '../test-support/set.js';
import { staticKeySet } from '../verify/key-store.js';
import { MemoryRevocationStore } from '../verify/revocation.js';
import { createCaepReceiver, type CaepReceiverOptions } from './receiver.js';
import { DEVICE_COMPLIANCE_CHANGE } from './set-claims.js';

let key: ServiceKey;
let stranger: ServiceKey;
const NOW = 1_760_000_000;

beforeAll(async () => {
  key = await serviceKey('svc');
  stranger = await serviceKey('svc');
});

function receiver(extra: Partial<CaepReceiverOptions> = {}) {
  const revocations = new MemoryRevocationStore({ now: () => NOW * 1000 });
  const applied: string[] = [];
  const caep = createCaepReceiver({
    keys: staticKeySet(key.jwks),
    issuer: ISSUER,
    audience: AUDIENCE,
    revocations,
    now: () => NOW * 1000,
    onEvent: (_event, jti) => applied.push(jti),
    ...extra,
  });
  return { caep, revocations, applied };
}

describe('CAEP receiver', () => {
  it('revokes the device on not-compliant, through the event time', async () => {
    const { caep, revocations } = receiver();
    const result = await caep.receive(await signSet(key, setClaims({}, NOW - 5)));
    expect(result).toMatchObject({
      outcome: 'applied',
      event: { deviceId: DEVICE_ID, status: 'not-compliant', eventTimestamp: NOW - 5 },
    });
    expect(revocations.revokedThrough(DEVICE_ID)).toBe(NOW - 5);
  });

  it('does not revoke on compliant', async () => {
    const { caep, revocations } = receiver();
    const claims = setClaims({}, NOW);
    (claims.events as Record<string, { current_status: string }>)[DEVICE_COMPLIANCE_CHANGE]!.current_status =
      'compliant';
    expect((await caep.receive(await signSet(key, claims))).outcome).toBe('applied');
    expect(revocations.revokedThrough(DEVICE_ID)).toBeUndefined();
  });

  it('processes a duplicate jti once, even when both arrive together', async () => {
    const { caep, applied } = receiver();
    const token = await signSet(key, setClaims({ jti: 'same-jti' }, NOW));
    const results = await Promise.all([caep.receive(token), caep.receive(token), caep.receive(token)]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['applied', 'duplicate', 'duplicate']);
    expect(applied).toEqual(['same-jti']);
  });

  it.each([
    ['exp', () => setClaims({ exp: NOW + 600 }, NOW), {}, 'invalid_request'],
    ['sub', () => setClaims({ sub: `urn:vigil:device:${DEVICE_ID}` }, NOW), {}, 'invalid_request'],
    ['typ JWT', () => setClaims({}, NOW), { typ: 'JWT' }, 'invalid_request'],
    ['typ ear+jwt', () => setClaims({}, NOW), { typ: 'ear+jwt' }, 'invalid_request'],
    ['no typ', () => setClaims({}, NOW), { typ: undefined }, 'invalid_request'],
    ['another issuer', () => setClaims({ iss: 'https://evil.example' }, NOW), {}, 'invalid_issuer'],
    ['another audience', () => setClaims({ aud: 'urn:other' }, NOW), {}, 'invalid_audience'],
    ['no jti', () => setClaims({ jti: undefined }, NOW), {}, 'invalid_request'],
    ['a stale iat', () => setClaims({}, NOW - 7200), {}, 'invalid_request'],
    ['a future iat', () => setClaims({}, NOW + 3600), {}, 'invalid_request'],
    ['a float iat', () => setClaims({ iat: NOW + 0.5 }, NOW), {}, 'invalid_request'],
    ['two events', () => setClaims({ events: { a: {}, b: {} } }, NOW), {}, 'invalid_request'],
    [
      'a non-device subject',
      () => setClaims({ sub_id: { format: 'email', email: 'a@b.c' } }, NOW),
      {},
      'invalid_request',
    ],
  ])('refuses a SET with %s', async (_name, claims, header, err) => {
    const { caep, revocations } = receiver();
    const result = await caep.receive(await signSet(key, claims(), header));
    expect(result).toMatchObject({ outcome: 'refused', err });
    expect(revocations.revokedThrough(DEVICE_ID)).toBeUndefined();
  });

  it('refuses a SET signed by another key with a known kid', async () => {
    const { caep } = receiver();
    expect(await caep.receive(await signSet(stranger, setClaims({}, NOW)))).toMatchObject({
      outcome: 'refused',
      err: 'invalid_key',
    });
  });

  it('accepts and ignores other event types', async () => {
    const { caep, applied } = receiver();
    const claims = setClaims(
      { events: { 'https://schemas.openid.net/secevent/caep/event-type/session-revoked': {} } },
      NOW,
    );
    expect((await caep.receive(await signSet(key, claims))).outcome).toBe('ignored');
    expect(applied).toEqual([]);
  });
});

describe('CAEP receiver over HTTP (RFC 8935)', () => {
  let server: Server;
  let port: number;
  let revocations: MemoryRevocationStore;

  beforeAll(async () => {
    const r = receiver();
    revocations = r.revocations;
    server = createServer((req, res) => void r.caep.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (body: string, contentType = 'application/secevent+jwt', method = 'POST') =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, method, path: '/caep/events', headers: { 'content-type': contentType } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  it('answers 202 to a good SET and to its duplicate', async () => {
    const token = await signSet(key, setClaims({}, NOW));
    expect(await post(token)).toEqual({ status: 202, body: '' });
    expect(await post(token)).toEqual({ status: 202, body: '' });
    expect(revocations.revokedThrough(DEVICE_ID)).toBe(NOW);
  });

  it('answers 400 {err, description} to a bad SET', async () => {
    const res = await post(await signSet(key, setClaims({ exp: NOW + 60 }, NOW)));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ err: 'invalid_request', description: expect.stringContaining('exp') });
  });

  it('refuses the wrong content type, method and size', async () => {
    expect((await post('x', 'application/json')).status).toBe(415);
    expect((await post('', 'application/secevent+jwt', 'GET')).status).toBe(405);
    expect((await post('x'.repeat(70_000))).status).toBe(413);
  });
});
