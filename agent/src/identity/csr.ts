/**
 * PKCS#10 certificate signing requests. node-forge only assembles the ASN.1 of the
 * CertificationRequestInfo; the signature is made with node:crypto (forge's pure-JS RSA
 * signing costs ~40 ms and forge is never trusted with signatures). The CA ignores the
 * subject and any requested extension and applies its own profile, so the CSR stays minimal.
 */
import { sign, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

// @types/node-forge does not declare this (public since forge 0.7).
interface PkiWithCri {
  getCertificationRequestInfo(csr: forge.pki.CertificateSigningRequest): forge.asn1.Asn1;
}

export function buildCsrPem(privateKey: KeyObject, publicKey: KeyObject, commonName = 'vigil-device'): string {
  const { asn1, pki } = forge;
  const csr = pki.createCertificationRequest();
  csr.publicKey = pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }) as string);
  csr.setSubject([{ name: 'commonName', value: commonName }]);
  const info = (pki as unknown as PkiWithCri).getCertificationRequestInfo(csr);
  const infoDer = Buffer.from(asn1.toDer(info).getBytes(), 'binary');
  // sha256WithRSAEncryption (RSASSA-PKCS1-v1_5): what every CA accepts in a CSR.
  const signature = sign('sha256', infoDer, privateKey);
  const request = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    info,
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(
        asn1.Class.UNIVERSAL,
        asn1.Type.OID,
        false,
        asn1.oidToDer(pki.oids.sha256WithRSAEncryption!).getBytes(),
      ),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ''),
    ]),
    // BIT STRING: a leading 0 byte says no unused bits.
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, `\u0000${signature.toString('binary')}`),
  ]);
  return forge.pem.encode({ type: 'CERTIFICATE REQUEST', body: asn1.toDer(request).getBytes() });
}
