import { statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { DEVICE_ID, tempDir } from '../test-support/fixtures.js';
import { enroll } from './enroll.js';
import { renewalDue, renewIdentity } from './renew.js';
import { loadIdentity } from './store.js';
import { writeFileSync } from 'node:fs';

// A stand-in CA for the test only (the real one is the service's); forge signs test fixtures here.
const caKeys = forge.pki.rsa.generateKeyPair(2048);
const caCert = forge.pki.createCertificate();
caCert.publicKey = caKeys.publicKey;
caCert.serialNumber = '01';
caCert.validity.notBefore = new Date(Date.now() - 60_000);
caCert.validity.notAfter = new Date(Date.now() + 86_400_000);
caCert.setSubject([{ name: 'commonName', value: 'test CA' }]);
caCert.setIssuer([{ name: 'commonName', value: 'test CA' }]);
caCert.sign(caKeys.privateKey, forge.md.sha256.create());
const CA_PEM = forge.pki.certificateToPem(caCert);

function issue(csrPem: string, days: number, deviceId = DEVICE_ID): string {
  const csr = forge.pki.certificationRequestFromPem(csrPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = csr.publicKey!;
  cert.serialNumber = String(Date.now());
  cert.validity.notBefore = new Date(Date.now() - days * 86_400_000 * 0.8);
  cert.validity.notAfter = new Date(Date.now() + days * 86_400_000 * 0.2);
  cert.setSubject([{ name: 'commonName', value: 'device' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([{ name: 'subjectAltName', altNames: [{ type: 6, value: `urn:vigil:device:${deviceId}` }] }]);
  cert.sign(caKeys.privateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

describe('enrollment and renewal', () => {
  it('enrolls, is due for renewal past 2/3 of the lifetime, renews with a new key, keeps files private', async () => {
    const stateDir = join(tempDir(), 'state');
    const caFile = join(tempDir(), 'ca.pem');
    writeFileSync(caFile, CA_PEM);
    const enrolled = await enroll(
      { stateDir, serverUrl: 'https://127.0.0.1:8443', token: 't', caFile, keySize: 2048, force: false },
      async (req) => ({
        deviceId: DEVICE_ID,
        certificate: issue(req.csr, 30),
      }),
    );
    expect(enrolled.deviceId).toBe(DEVICE_ID);
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);
    // Issued 80 % into its lifetime: renewal is due.
    expect(renewalDue(enrolled, new Date())).toBe(true);
    await expect(
      enroll(
        { stateDir, serverUrl: 'https://127.0.0.1:8443', token: 't', caFile, keySize: 2048, force: false },
        async () => {
          throw new Error('must not be called');
        },
      ),
    ).rejects.toMatchObject({ code: 'VIGIL_IDENTITY_ALREADY_ENROLLED' });

    const renewed = await renewIdentity(stateDir, enrolled, async (_identity, csr) => ({
      certificate: issue(csr, 30),
    }));
    expect(renewed.certificate.thumbprint).not.toBe(enrolled.certificate.thumbprint);
    expect(renewed.privateKeyPem).not.toBe(enrolled.privateKeyPem);
    const reloaded = await loadIdentity(stateDir);
    expect(reloaded.certificate.thumbprint).toBe(renewed.certificate.thumbprint);
    const files = readdirSync(join(stateDir, 'identity'));
    expect(files.filter((f) => f.endsWith('.key'))).toHaveLength(1);
    const keyFile = files.find((f) => f.endsWith('.key'))!;
    expect(statSync(join(stateDir, 'identity', keyFile)).mode & 0o777).toBe(0o600);
  }, 60_000);

  it('refuses a certificate for another key or another device', async () => {
    const stateDir = join(tempDir(), 'state');
    const caFile = join(tempDir(), 'ca.pem');
    writeFileSync(caFile, CA_PEM);
    const other = forge.pki.rsa.generateKeyPair(2048);
    const foreignCsr = forge.pki.createCertificationRequest();
    foreignCsr.publicKey = other.publicKey;
    foreignCsr.sign(other.privateKey);
    const request = {
      stateDir,
      serverUrl: 'https://127.0.0.1:8443',
      token: 't',
      caFile,
      keySize: 2048 as const,
      force: false,
    };
    await expect(
      enroll(request, async () => ({
        deviceId: DEVICE_ID,
        certificate: issue(forge.pki.certificationRequestToPem(foreignCsr), 30),
      })),
    ).rejects.toMatchObject({
      code: 'VIGIL_IDENTITY_CERT_MISMATCH',
    });
    await expect(
      enroll(request, async (req) => ({
        deviceId: '11111111-2222-4333-8444-555555555555',
        certificate: issue(req.csr, 30),
      })),
    ).rejects.toMatchObject({ code: 'VIGIL_IDENTITY_CERT_MISMATCH' });
    await expect(
      enroll({ ...request, caFile: '/nonexistent.pem' }, async () => ({ deviceId: DEVICE_ID, certificate: '' })),
    ).rejects.toMatchObject({
      code: 'VIGIL_IDENTITY_CA_REQUIRED',
    });
  }, 60_000);
});
