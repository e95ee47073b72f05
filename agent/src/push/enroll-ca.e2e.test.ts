/**
 * Enrollment from a code against a real HTTPS server on loopback: the CA is believed only when
 * its fingerprint is the code's, and from then on it is the one trust anchor (a server whose
 * certificate it did not sign is refused).
 */
import { createHash, X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import forge from 'node-forge';
import { afterEach, describe, expect, it } from 'vitest';
import { CaFingerprintMismatch, fetchPinnedCa } from './enroll-ca.js';
import { createHttpClient } from './client.js';

/** A CA and a server certificate for 127.0.0.1 it signed (forge builds test fixtures only). */
function pki(name: string) {
  const caKeys = forge.pki.rsa.generateKeyPair(2048);
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = '01';
  ca.validity.notBefore = new Date(Date.now() - 60_000);
  ca.validity.notAfter = new Date(Date.now() + 86_400_000);
  ca.setSubject([{ name: 'commonName', value: name }]);
  ca.setIssuer([{ name: 'commonName', value: name }]);
  ca.setExtensions([{ name: 'basicConstraints', cA: true }]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const leaf = forge.pki.createCertificate();
  leaf.publicKey = keys.publicKey;
  leaf.serialNumber = '02';
  leaf.validity.notBefore = ca.validity.notBefore;
  leaf.validity.notAfter = ca.validity.notAfter;
  leaf.setSubject([{ name: 'commonName', value: '127.0.0.1' }]);
  leaf.setIssuer(ca.subject.attributes);
  leaf.setExtensions([{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }]);
  leaf.sign(caKeys.privateKey, forge.md.sha256.create());
  const caPem = forge.pki.certificateToPem(ca);
  return {
    caPem,
    fingerprint: createHash('sha256').update(new X509Certificate(caPem).raw).digest('base64url'),
    cert: forge.pki.certificateToPem(leaf),
    key: forge.pki.privateKeyToPem(keys.privateKey),
  };
}

const servers: Server[] = [];
afterEach(() => servers.splice(0).forEach((server) => server.close()));

async function serve(tls: { cert: string; key: string }, answer: (url: string) => [number, unknown]): Promise<string> {
  const server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const [status, body] = answer(req.url ?? '');
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('fetchPinnedCa', () => {
  const service = pki('vigil-test-ca');
  const stranger = pki('someone-else');

  it('accepts the CA whose fingerprint is in the code, which then is the only anchor', async () => {
    const url = await serve(service, (path) =>
      path === '/v1/enroll/ca' ? [200, { caCertificates: [service.caPem, stranger.caPem] }] : [404, {}],
    );
    const pinned = await fetchPinnedCa(url, service.fingerprint, 5000);
    expect(pinned.pem.trim()).toBe(service.caPem.trim());
    const client = await createHttpClient(
      { serverUrl: url, caPem: pinned.pem },
      { timeoutMs: 5000, retries: 0, backoffBaseMs: 10, backoffMaxMs: 10, retryAfterMaxSeconds: 1 },
    );
    expect((await client.get('/v1/enroll/ca')).status).toBe(200);
    client.close();
    // The same anchor refuses a server that another CA vouches for.
    const other = await serve(stranger, () => [200, {}]);
    const strict = await createHttpClient(
      { serverUrl: other, caPem: pinned.pem },
      { timeoutMs: 5000, retries: 0, backoffBaseMs: 10, backoffMaxMs: 10, retryAfterMaxSeconds: 1 },
    );
    await expect(strict.get('/')).rejects.toMatchObject({ code: 'VIGIL_PUSH_TLS' });
    strict.close();
  });

  it('refuses a CA that does not match the code (a server in the middle, or the wrong code)', async () => {
    const url = await serve(stranger, () => [200, { caCertificates: [stranger.caPem, service.caPem] }]);
    await expect(fetchPinnedCa(url, service.fingerprint, 5000)).rejects.toBeInstanceOf(CaFingerprintMismatch);
  });

  it('says what went wrong with a service that does not offer its CA', async () => {
    const missing = await serve(service, () => [404, { code: 'VIGIL_HTTP_NOT_FOUND', message: 'no route' }]);
    await expect(fetchPinnedCa(missing, service.fingerprint, 5000)).rejects.toMatchObject({
      code: 'VIGIL_PUSH_REJECTED',
      status: 404,
    });
    const garbage = await serve(service, () => [200, { caCertificates: [] }]);
    await expect(fetchPinnedCa(garbage, service.fingerprint, 5000)).rejects.toMatchObject({
      code: 'VIGIL_PUSH_BAD_RESPONSE',
    });
    await expect(fetchPinnedCa('https://127.0.0.1:1', service.fingerprint, 2000)).rejects.toMatchObject({
      code: 'VIGIL_PUSH_UNREACHABLE',
    });
  });
});
