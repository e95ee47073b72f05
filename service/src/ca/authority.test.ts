import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { testAuthority } from '../test-support/harness.js';
import { toForgePublicKey } from './build-certificate.js';

const DEVICE_ID = '6f1d2c3b-4a59-4e8f-9d7c-0a1b2c3d4e5f';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('CertificateAuthority', () => {
  it('issues device certificates with exactly the device profile', async () => {
    const ca = await testAuthority();
    const now = new Date('2026-11-29T10:00:00.500Z');
    const issued = ca.issueDevice({
      deviceId: DEVICE_ID,
      publicKey: toForgePublicKey(keys.publicKey),
      lifetimeSeconds: 30 * 86_400,
      now,
    });
    const cert = new X509Certificate(issued.der);
    expect(ca.issued(cert)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.subjectAltName).toBe(`URI:urn:vigil:device:${DEVICE_ID}`);
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(new Date(cert.validFrom).getTime()).toBe(Date.parse('2026-11-29T09:59:00Z'));
    expect(new Date(cert.validTo).getTime()).toBe(Date.parse('2026-12-29T10:00:00Z'));
    expect(cert.serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/);
    expect(cert.publicKey.equals(keys.publicKey)).toBe(true);
    // Reading (never verifying) the extensions with forge to check KU bits and criticality.
    const parsed = forge.pki.certificateFromPem(issued.pem);
    const ku = parsed.getExtension('keyUsage') as Record<string, boolean>;
    expect(ku).toMatchObject({
      critical: true,
      digitalSignature: true,
      keyCertSign: false,
      keyEncipherment: false,
      cRLSign: false,
    });
    expect(parsed.getExtension('basicConstraints')).toMatchObject({ critical: true, cA: false });
    expect((parsed.getExtension('subjectAltName') as { altNames: unknown[] }).altNames).toHaveLength(1);
  });

  it('issues server certificates for host names and IPs', async () => {
    const ca = await testAuthority();
    const issued = ca.issueServer({
      names: ['localhost', '127.0.0.1', '::1'],
      publicKey: keys.publicKey,
      lifetimeDays: 30,
      now: new Date(),
    });
    const cert = new X509Certificate(issued.der);
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
  });

  it('is itself a CA for one level only', async () => {
    const ca = await testAuthority();
    expect(ca.certificate.ca).toBe(true);
    const parsed = forge.pki.certificateFromPem(ca.certPem);
    expect(parsed.getExtension('basicConstraints')).toMatchObject({ cA: true, pathLenConstraint: 0, critical: true });
  });
});
