import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Readiness } from './readiness.js';
import { createTestService, TestDevice, type TestService } from './test-support/index.js';

let service: TestService;
beforeEach(async () => {
  service = await createTestService();
});
afterEach(() => service.close());

describe('app', () => {
  it('documents every route in /openapi.json', async () => {
    const doc = (await service.app.inject({ url: '/openapi.json' })).json() as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    for (const route of [
      'POST /v1/enroll',
      'GET /v1/enroll/ca',
      'POST /v1/unenroll',
      'POST /v1/renew',
      'POST /v1/challenges',
      'POST /v1/evidence',
      'GET /v1/devices/self/result',
      'GET /v1/devices/by-cert/{x5t}/attestation-result',
      'GET /.well-known/jwks.json',
      'POST /v1/admin/enrollment-tokens',
      'GET /v1/admin/devices',
      'GET /v1/admin/devices/{id}',
      'POST /v1/admin/devices/{id}/ban',
      'POST /v1/admin/devices/{id}/unban',
      'POST /v1/admin/devices/{id}/retire',
      'POST /v1/admin/devices/{id}/resync',
      'GET /v1/admin/policy',
      'PUT /v1/admin/policy',
      'POST /v1/admin/keys/rotate',
      'DELETE /v1/admin/keys/{kid}',
      'GET /healthz',
      'GET /readyz',
      'GET /metrics',
      'GET /openapi.json',
    ]) {
      expect(documented).toContain(route);
    }
    expect(documented).toHaveLength(24);
    expect(doc.paths['/v1/evidence']?.post).toMatchObject({
      security: [{ mutualTLS: [] }],
      requestBody: { content: { 'application/eat+jwt': {} } },
    });
  });

  it('reports health and Prometheus metrics', async () => {
    expect((await service.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const device = await service.enrolled(new TestDevice());
    await service.submit(device);
    await service.app.inject({ method: 'POST', url: '/v1/challenges' });
    const metrics = await service.app.inject({ url: '/metrics' });
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toContain('vigil_http_requests_total{method="POST",route="/v1/evidence",status="200"} 1');
    expect(metrics.body).toContain('vigil_rejections_total{code="VIGIL_AUTH_CERT_MISSING"} 1');
    expect(metrics.body).toMatch(/vigil_ingest_duration_seconds_count 1\n/);
    expect(metrics.body).toContain('vigil_devices{state="active"} 1');
  });

  it('answers unknown routes and internal failures with {code, message} and no stack', async () => {
    const missing = await service.app.inject({ url: '/nope' });
    expect([missing.statusCode, missing.json()]).toEqual([
      404,
      { code: 'VIGIL_HTTP_NOT_FOUND', message: 'no route GET /nope' },
    ]);
    service.store.countDevicesByState = async () => {
      throw new Error('disk on fire at /var/lib/secret');
    };
    const failed = await service.app.inject({ url: '/metrics' });
    expect(failed.statusCode).toBe(500);
    expect(failed.json()).toEqual({ code: 'VIGIL_INTERNAL', message: 'internal error' });
    expect(failed.body).not.toContain('fire');
  });

  it('is live without the database, ready only with it, and not ready while draining', async () => {
    const readiness = new Readiness();
    const replica = await createTestService({ readiness });
    try {
      expect((await replica.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' });
      await replica.store.close(); // the database goes away under a running replica
      const down = await replica.app.inject({ url: '/readyz' });
      expect([down.statusCode, down.json()]).toEqual([
        503,
        { code: 'VIGIL_SERVICE_STORE_UNAVAILABLE', message: 'the database is not reachable or not migrated' },
      ]);
      expect((await replica.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
      readiness.startDrain();
      const draining = await replica.app.inject({ url: '/readyz' });
      expect([draining.statusCode, draining.json()]).toEqual([
        503,
        { code: 'VIGIL_SERVICE_DRAINING', message: 'this replica is shutting down' },
      ]);
    } finally {
      await replica.app.close();
    }
  });
});

describe('buildApp guards', () => {
  it('refuses the test client-certificate header on a TLS server', async () => {
    const { app, ...rest } = service;
    void app;
    await expect(
      import('./app.js').then(({ buildApp }) =>
        buildApp({
          store: rest.store,
          authority: rest.authority,
          keys: rest.keys,
          tls: { key: 'k', cert: 'c' },
          settings: { testClientCertHeader: true },
        }),
      ),
    ).rejects.toThrow(/cannot be combined/);
  });
});
