import { generateKeyPairSync, verify } from 'node:crypto';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { buildCsrPem } from './csr.js';
import { renewalTime } from './certificate.js';

describe('CSR', () => {
  it('is a PKCS#10 request whose signature verifies natively with the device key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = buildCsrPem(privateKey, publicKey);
    expect(pem).toContain('-----BEGIN CERTIFICATE REQUEST-----');
    // Split the DER with forge's ASN.1 reader only; the signature check is node:crypto's.
    const der = forge.pem.decode(pem)[0]!.body;
    const request = forge.asn1.fromDer(der);
    const [info, algorithm, signature] = request.value as forge.asn1.Asn1[];
    const infoDer = Buffer.from(forge.asn1.toDer(info!).getBytes(), 'binary');
    const oid = forge.asn1.derToOid((algorithm!.value as forge.asn1.Asn1[])[0]!.value as string);
    expect(oid).toBe(forge.pki.oids.sha256WithRSAEncryption);
    const sigBytes = Buffer.from((signature!.value as string).slice(1), 'binary');
    expect(verify('sha256', infoDer, publicKey, sigBytes)).toBe(true);
    // A different key must not verify it.
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(verify('sha256', infoDer, other.publicKey, sigBytes)).toBe(false);
  });

  it('renews at about two thirds of the lifetime, jittered by at most 5 %', () => {
    const notBefore = new Date('2026-01-01T00:00:00Z');
    const notAfter = new Date('2026-01-31T00:00:00Z');
    const lifetime = notAfter.getTime() - notBefore.getTime();
    for (const thumbprint of ['a', 'b', 'c', 'd']) {
      const at =
        renewalTime({ deviceId: 'x', notBefore, notAfter, thumbprint, serialNumber: '1' }).getTime() -
        notBefore.getTime();
      expect(at).toBeLessThanOrEqual((lifetime * 2) / 3);
      expect(at).toBeGreaterThanOrEqual((lifetime * 2) / 3 - lifetime * 0.05);
    }
  });
});
