/** The forward-auth endpoint over real HTTP: identity headers, reasons, cookie, CAEP, background checks. */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EarSource } from '../background/ear-source.js';
import { createCaepReceiver } from '../caep/receiver.js';
import { requestReader, type ClientCertOptions } from '../http/request-binding.js';
import { AUDIENCE, DEVICE_ID, ISSUER, ear, serviceKey, type ServiceKey } from '../test-support/ear.js';
import { setClaims, signSet } from '../test-support/set.js';
import { staticKeySet } from '../verify/key-store.js';
import { MemoryRevocationStore } from '../verify/revocation.js';
import { createAttestationVerifier } from '../verify/verifier.js';
import { createForwardAuthServer, type ForwardAuthServer } from './forward-auth-server.js';

const PEM = readFileSync(new URL('../cert/__fixtures__/device.pem', import.meta.url), 'utf8');
const X5T = 'IogEjWabwucuzJg6cDL4K5-pfWhUIK47yTSxbmj4Vgw';
const CERT_HEADER = { 'x-client-cert': encodeURIComponent(PEM) };

let key: ServiceKey;
let running: ForwardAuthServer | undefined;
beforeAll(async () => {
  key = await serviceKey();
});
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function start(opts: { cert?: ClientCertOptions; earSource?: EarSource } = {}) {
  const keys = staticKeySet(key.jwks);
  const revocations = new MemoryRevocationStore();
  const verifier = createAttestationVerifier({ keys, issuer: ISSUER, audience: AUDIENCE, revocations });
  const caep = createCaepReceiver({ keys, issuer: ISSUER, audience: AUDIENCE, revocations });
  running = createForwardAuthServer({
    port: 0,
    verifier,
    reader: requestReader(opts.cert),
    caep,
    ...(opts.earSource ? { earSource: opts.earSource } : {}),
  });
  const { port } = await running.start();
  return (path: string, headers: Record<string, string> = {}, method = 'GET', body?: string) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
      (resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        });
        req.on('error', reject);
        req.end(body);
      },
    );
}

const goodEar = (overrides = {}) => ear(key, { cnf: { 'x5t#S256': X5T }, ...overrides });

describe('forward-auth server', () => {
  it('answers 200 with identity headers for a compliant device (bearer and cookie, /auth and /auth/*)', async () => {
    const call = await start();
    const token = await goodEar();
    for (const [path, headers] of [
      ['/auth', { authorization: `Bearer ${token}` }],
      ['/auth/app/page?x=1', { cookie: `theme=dark; vigil_ear=${token}` }],
    ] as const) {
      const res = await call(path, { ...CERT_HEADER, ...headers });
      expect(res.status).toBe(200);
      expect(res.headers['x-vigil-device']).toBe(DEVICE_ID);
      expect(res.headers['x-vigil-status']).toBe('affirming');
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('answers 401 with a reason, a challenge and an explanation page', async () => {
    const call = await start();
    const res = await call('/auth', CERT_HEADER);
    expect(res.status).toBe(401);
    expect(res.headers['x-vigil-reason']).toBe('VIGIL_GATEWAY_MISSING_TOKEN');
    expect(res.headers['www-authenticate']).toContain('Bearer');
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('Vigil agent');
  });

  it('answers 403 for a non-compliant device, in JSON when asked', async () => {
    const call = await start();
    const token = await goodEar({
      vigil_checks: { 'disk.encryption': { result: 'fail', reason: 'off' } },
      vigil_verdict: { status: 'noncompliant', action: 'block' },
    });
    const res = await call('/auth', { ...CERT_HEADER, authorization: `Bearer ${token}`, accept: 'application/json' });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({
      code: 'VIGIL_GATEWAY_NONCOMPLIANT',
      checks: [{ check: 'disk.encryption' }],
    });
  });

  it('decides on an EAR without reasons (personal device) and names the failing check', async () => {
    const call = await start();
    const token = await goodEar({
      vigil_checks: { 'disk.encryption': { result: 'fail' }, 'net.firewall': { result: 'pass' } },
      vigil_verdict: { status: 'noncompliant', action: 'block' },
    });
    const auth = { ...CERT_HEADER, authorization: `Bearer ${token}` };
    const json = await call('/auth', { ...auth, accept: 'application/json' });
    expect(json.status).toBe(403);
    expect(json.headers['x-vigil-reason']).toBe('VIGIL_GATEWAY_NONCOMPLIANT');
    const body = JSON.parse(json.body) as { message: string; checks: unknown[] };
    expect(body.message).toContain('failing: disk.encryption');
    // Exactly what the token said: no reason member, not an empty or made-up one.
    expect(body.checks).toEqual([
      { check: 'disk.encryption', result: 'fail' },
      { check: 'net.firewall', result: 'pass' },
    ]);
    const page = await call('/auth', { ...auth, accept: 'text/html' });
    expect(page.status).toBe(403);
    expect(page.body).toContain('<li><strong>Disk encryption</strong> (fail)</li>');
    expect(page.body).not.toContain('Firewall');
    expect(page.body).not.toContain('undefined');

    // A missing reason is no pass: a route that requires the check still refuses…
    const required = await goodEar({ vigil_checks: { 'disk.encryption': { result: 'fail' } } });
    const refused = await call('/auth', {
      ...CERT_HEADER,
      authorization: `Bearer ${required}`,
      'x-vigil-require': 'disk.encryption',
    });
    expect([refused.status, refused.headers['x-vigil-reason']]).toEqual([403, 'VIGIL_GATEWAY_CHECK_FAILED']);
    // …and no error either: a passing result without a reason lets the request through.
    const passing = await goodEar({ vigil_checks: { 'disk.encryption': { result: 'pass' } } });
    const allowed = await call('/auth', {
      ...CERT_HEADER,
      authorization: `Bearer ${passing}`,
      'x-vigil-require': 'disk.encryption',
    });
    expect([allowed.status, allowed.headers['x-vigil-device']]).toEqual([200, DEVICE_ID]);
  });

  it('believes the certificate header only from trusted proxies', async () => {
    const call = await start({ cert: { trustedProxies: ['192.0.2.1'] } });
    const res = await call('/auth', { ...CERT_HEADER, authorization: `Bearer ${await goodEar()}` });
    expect(res.headers['x-vigil-reason']).toBe('VIGIL_GATEWAY_MISSING_CLIENT_CERT');
  });

  it('lets a trusted proxy add mandatory checks for a route', async () => {
    const call = await start();
    const res = await call('/auth', {
      ...CERT_HEADER,
      authorization: `Bearer ${await goodEar()}`,
      'x-vigil-require': 'os.patches',
    });
    expect(res.status).toBe(403);
    expect(res.headers['x-vigil-reason']).toBe('VIGIL_GATEWAY_CHECK_FAILED');
  });

  it('refuses the next request after a CAEP not-compliant event', async () => {
    const call = await start();
    const token = await goodEar();
    expect((await call('/auth', { ...CERT_HEADER, authorization: `Bearer ${token}` })).status).toBe(200);
    const set = await signSet(key, setClaims());
    expect((await call('/caep/events', { 'content-type': 'application/secevent+jwt' }, 'POST', set)).status).toBe(202);
    const after = await call('/auth', { ...CERT_HEADER, authorization: `Bearer ${token}` });
    expect(after.status).toBe(403);
    expect(after.headers['x-vigil-reason']).toBe('VIGIL_GATEWAY_REVOKED');
  });

  it('serves the explanation page for known reason codes only, and health', async () => {
    const call = await start();
    const page = await call(`/denied?reason=VIGIL_GATEWAY_EXPIRED,${encodeURIComponent('<script>')}`);
    expect(page.body).toContain('VIGIL_GATEWAY_EXPIRED');
    expect(page.body).not.toContain('<script>');
    expect((await call('/healthz')).status).toBe(200);
    expect((await call('/nope')).status).toBe(404);
  });

  it('asks the service in background-check mode when no EAR is presented', async () => {
    const token = await goodEar();
    const asked: string[] = [];
    const call = await start({ earSource: { latestEar: async (t) => (asked.push(t), token) } });
    expect((await call('/auth', CERT_HEADER)).status).toBe(200);
    expect(asked).toEqual([X5T]);
    await running?.stop();
    const down = await start({ earSource: { latestEar: async () => Promise.reject(new Error('ECONNREFUSED')) } });
    const res = await down('/auth', CERT_HEADER);
    expect(res.status).toBe(503);
    expect(res.headers['x-vigil-reason']).toBe('VIGIL_GATEWAY_VERIFIER_UNAVAILABLE');
    await running?.stop();
    const none = await start({ earSource: { latestEar: async () => null } });
    expect((await none('/auth', CERT_HEADER)).headers['x-vigil-reason']).toBe('VIGIL_GATEWAY_MISSING_TOKEN');
  });
});
