/**
 * Certificate profiles. The CA never copies anything from a CSR except its public key: the
 * profile decides every extension (protocol.md "Enrollment and device identity").
 */
import { DEVICE_URN_PREFIX } from '@vigil/shared';
import type forge from 'node-forge';

/** forge `altNames` types (GeneralName tags). SKIs are computed by forge from the key (RFC 5280
 * method 1); `authorityKeyId` is the issuer's SKI as a binary string. */
const URI = 6;
const DNS = 2;
const IP = 7;

export function caExtensions(): object[] {
  return [
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ];
}

export function deviceExtensions(deviceId: string, authorityKeyId: string): object[] {
  return [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, critical: true },
    { name: 'extKeyUsage', clientAuth: true },
    { name: 'subjectAltName', altNames: [{ type: URI, value: `${DEVICE_URN_PREFIX}${deviceId}` }] },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: authorityKeyId },
  ];
}

export function serverExtensions(names: readonly string[], authorityKeyId: string): object[] {
  const altNames = names.map((name) => (/^[\d.]+$|:/.test(name) ? { type: IP, ip: name } : { type: DNS, value: name }));
  return [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: authorityKeyId },
  ];
}

export const deviceSubject = (deviceId: string): forge.pki.CertificateField[] => [
  { name: 'organizationName', value: 'Vigil devices' },
  { name: 'commonName', value: deviceId },
];
