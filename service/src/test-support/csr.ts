/**
 * Builds PKCS#10 CSRs the way the agent does: forge for the ASN.1, node:crypto for the
 * signature. Options let tests ask for things the CA must ignore (extra SANs, CA:true, a long
 * private-key usage period) or break the signature.
 */
import { sign, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { derToPem, toForgePublicKey } from '../ca/build-certificate.js';

const { asn1 } = forge;
const getCertificationRequestInfo = (
  forge.pki as unknown as { getCertificationRequestInfo(csr: unknown): forge.asn1.Asn1 }
).getCertificationRequestInfo;

export interface CsrOptions {
  commonName?: string;
  /** Requested in an extensionRequest attribute; the CA must not copy them. */
  requestedSans?: string[];
  requestCa?: boolean;
  /** privateKeyUsagePeriod (2.5.29.16) ending in 2099: a request for a long lifetime. */
  requestLongValidity?: boolean;
  /** Sign with this key instead of the subject key (a CSR whose self-signature fails). */
  signWith?: KeyObject;
}

export function buildCsrDer(keys: { privateKey: KeyObject; publicKey: KeyObject }, options: CsrOptions = {}): Buffer {
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = toForgePublicKey(keys.publicKey);
  csr.setSubject([{ name: 'commonName', value: options.commonName ?? 'vigil-agent' }]);
  const extensions: object[] = [];
  if (options.requestedSans) {
    extensions.push({ name: 'subjectAltName', altNames: options.requestedSans.map((value) => ({ type: 6, value })) });
  }
  if (options.requestCa) extensions.push({ name: 'basicConstraints', cA: true, critical: true });
  if (options.requestLongValidity) {
    const period = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, 1, false, '20991231235959Z'),
    ]);
    extensions.push({ id: '2.5.29.16', value: asn1.toDer(period).getBytes() });
  }
  if (extensions.length) csr.setAttributes([{ name: 'extensionRequest', extensions }]);
  const cri = getCertificationRequestInfo(csr);
  const criDer = Buffer.from(asn1.toDer(cri).getBytes(), 'binary');
  const signature = sign('sha256', criDer, options.signWith ?? keys.privateKey);
  const request = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    cri,
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer('1.2.840.113549.1.1.11').getBytes()),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ''),
    ]),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, '\u0000' + signature.toString('binary')),
  ]);
  return Buffer.from(asn1.toDer(request).getBytes(), 'binary');
}

export function buildCsr(keys: { privateKey: KeyObject; publicKey: KeyObject }, options: CsrOptions = {}): string {
  return derToPem(buildCsrDer(keys, options), 'CERTIFICATE REQUEST');
}
