/**
 * The Node middleware end to end over loopback. Express is not a dependency of this repo, so its
 * middleware is driven with the node:http objects express's own req/res extend, through the same
 * `(req, res, next)` contract express uses.
 */
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
import { createServer, request, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AUDIENCE, DEVICE_ID, ISSUER, ear, serviceKey, type ServiceKey } from '../test-support/ear.js';
import type { Decision } from '../verify/decision.js';
import { vigilExpress, type ExpressLikeRequest } from './express.js';
import { vigilFastify, vigilFastifyHook } from './fastify.js';
import type { VigilGuardOptions } from './guard.js';
import { vigilHttp } from './http.js';

const PEM = readFileSync(new URL('../cert/__fixtures__/device.pem', import.meta.url), 'utf8');
const X5T = 'IogEjWabwucuzJg6cDL4K5-pfWhUIK47yTSxbmj4Vgw';

let key: ServiceKey;
let options: VigilGuardOptions;
let server: Server | undefined;
beforeAll(async () => {
  key = await serviceKey();
  options = { keys: key.jwks, issuer: ISSUER, audience: AUDIENCE };
});
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function listen(listener: RequestListener): Promise<number> {
  server = createServer(listener);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function get(
  port: number,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; reason?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body, reason: res.headers['x-vigil-reason'] as string | undefined }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

async function headers(overrides = {}) {
  const token = await ear(key, { cnf: { 'x5t#S256': X5T }, ...overrides });
  return { authorization: `Bearer ${token}`, 'x-client-cert': encodeURIComponent(PEM) };
}

describe('vigilHttp', () => {
  it('runs the handler with the decision only for allowed devices', async () => {
    const port = await listen(
      vigilHttp(options, (_req, res, decision) => {
        res.end(`hello ${decision.device?.id}`);
      }),
    );
    expect(await get(port, await headers())).toMatchObject({ status: 200, body: `hello ${DEVICE_ID}` });
    const refused = await get(port, await headers({ ear_status: 'contraindicated' }));
    expect(refused).toMatchObject({ status: 403, reason: 'VIGIL_GATEWAY_NONCOMPLIANT' });
  });
});

describe('vigilExpress', () => {
  it('calls next() with req.vigil set, or answers the refusal itself', async () => {
    const middleware = vigilExpress({ ...options, mandatoryChecks: ['disk.encryption'] });
    const port = await listen((req, res) => {
      middleware(req as ExpressLikeRequest, res, (error) => {
        if (error) return res.writeHead(500).end();
        res.end(`next ${(req as ExpressLikeRequest).vigil?.status}`);
      });
    });
    expect(await get(port, await headers())).toMatchObject({ status: 200, body: 'next affirming' });
    const missing = await get(port, { 'x-client-cert': encodeURIComponent(PEM) });
    expect(missing).toMatchObject({ status: 401, reason: 'VIGIL_GATEWAY_MISSING_TOKEN' });
    const failing = await get(
      port,
      await headers({ vigil_checks: { 'disk.encryption': { result: 'warn', reason: 'x' } } }),
    );
    expect(failing).toMatchObject({ status: 403, reason: 'VIGIL_GATEWAY_CHECK_FAILED' });
  });
});

describe('vigilFastify', () => {
  it('guards every route as a plugin and single routes as a hook', async () => {
    const app = Fastify();
    await app.register(async (scope) => {
      await scope.register(vigilFastify, options);
      scope.get('/', async (request) => `plugin ${(request as unknown as { vigil: Decision }).vigil.device?.id}`);
    });
    app.get(
      '/strict',
      { onRequest: vigilFastifyHook({ ...options, mandatoryChecks: ['os.patches'] }) },
      async () => 'strict',
    );
    app.get('/open', async () => 'open');
    const h = await headers();
    expect((await app.inject({ url: '/', headers: h, remoteAddress: '127.0.0.1' })).body).toBe(`plugin ${DEVICE_ID}`);
    const strict = await app.inject({ url: '/strict', headers: h, remoteAddress: '127.0.0.1' });
    expect(strict.statusCode).toBe(403);
    expect(strict.headers['x-vigil-reason']).toBe('VIGIL_GATEWAY_CHECK_FAILED');
    expect(strict.body).toContain('This device needs attention');
    expect((await app.inject({ url: '/', remoteAddress: '127.0.0.1' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/open' })).body).toBe('open');
    await app.close();
  });
});
