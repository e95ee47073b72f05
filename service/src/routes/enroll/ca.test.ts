/** GET /v1/enroll/ca: public trust anchors, one of which an enrollment code pins by SHA-256. */
import { createHash, X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestService, httpsRequest, type TestService } from '../../test-support/index.js';

const caFingerprint = (pem: string) => createHash('sha256').update(new X509Certificate(pem).raw).digest('base64url');

let service: TestService;
afterEach(() => service.close());

describe('GET /v1/enroll/ca', () => {
  it('answers without any credentials with the same anchors enrollment hands out', async () => {
    service = await createTestService();
    const response = await service.app.inject({ url: '/v1/enroll/ca' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ caCertificates: [service.authority.certPem] });
    expect(response.headers['cache-control']).toBe('public, max-age=300');
  });

  it('is reachable over real HTTPS without a client certificate', async () => {
    service = await createTestService({ tls: true });
    await service.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (service.app.server.address() as AddressInfo).port;
    const response = await httpsRequest(`https://127.0.0.1:${port}/v1/enroll/ca`, { ca: service.authority.certPem });
    expect(response.status).toBe(200);
    const anchors = response.json<{ caCertificates: string[] }>().caCertificates;
    expect(anchors.map(caFingerprint)).toContain(caFingerprint(service.authority.certPem));
  });
});
