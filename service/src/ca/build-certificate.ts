/**
 * Certificates: forge builds the ASN.1 (it handles RSA only), node:crypto signs the TBS bytes
 * (forge's pure-JS RSA signing is ~100x slower), and we assemble the final SEQUENCE ourselves.
 */
import { randomBytes, sign, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

export interface CertificateSpec {
  subject: forge.pki.CertificateField[];
  issuer: forge.pki.CertificateField[];
  publicKey: forge.pki.rsa.PublicKey;
  notBefore: Date;
  notAfter: Date;
  extensions: object[];
  /** Hex, positive, minimally encoded; `randomSerial()` by default. */
  serialHex?: string;
}

export interface BuiltCertificate {
  der: Buffer;
  serialHex: string;
}

const { asn1 } = forge;
// Present in forge (used by its own signing path) but missing from @types/node-forge.
const getTBSCertificate = (forge.pki as unknown as { getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1 })
  .getTBSCertificate;

/** 16 random bytes, top bit clear (positive) and next bit set (so DER needs no leading zero). */
export function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return bytes.toString('hex');
}

export function buildCertificate(spec: CertificateSpec, signerKey: KeyObject): BuiltCertificate {
  const cert = forge.pki.createCertificate();
  const serialHex = spec.serialHex ?? randomSerial();
  cert.serialNumber = serialHex;
  cert.publicKey = spec.publicKey;
  cert.validity.notBefore = spec.notBefore;
  cert.validity.notAfter = spec.notAfter;
  cert.setSubject(spec.subject);
  cert.setIssuer(spec.issuer);
  cert.setExtensions(spec.extensions);
  cert.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption ?? '1.2.840.113549.1.1.11';
  const tbs = getTBSCertificate(cert);
  const tbsDer = Buffer.from(asn1.toDer(tbs).getBytes(), 'binary');
  const signature = sign('sha256', tbsDer, signerKey);
  const algorithm = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(cert.siginfo.algorithmOid).getBytes()),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ''),
  ]);
  const certificate = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    tbs,
    algorithm,
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, '\u0000' + signature.toString('binary')),
  ]);
  return { der: Buffer.from(asn1.toDer(certificate).getBytes(), 'binary'), serialHex };
}

export function derToPem(der: Buffer, label = 'CERTIFICATE'): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** forge needs its own key object to put a public key into a certificate. */
export function toForgePublicKey(key: KeyObject): forge.pki.rsa.PublicKey {
  return forge.pki.publicKeyFromPem(key.export({ type: 'spki', format: 'pem' }).toString()) as forge.pki.rsa.PublicKey;
}
