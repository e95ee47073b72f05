/**
 * Reads a PKCS#10 CSR defensively. Order: size → one PEM block → strict DER structure → key
 * type and size (before any RSA arithmetic, so an oversized key costs nothing) → self-signature
 * checked with node:crypto over the received bytes → forge reads the subject and gives us the
 * key in the form its certificate builder needs. forge never verifies anything (guide: its
 * verification paths had repeated CVEs). Requested extensions are never read: the CA applies
 * its own profile.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { ServiceError } from '../errors.js';
import { children, DerError, readTlv, type Tlv } from './der.js';

export const CSR_MAX_PEM_CHARS = 16 * 1024;
const PEM =
  /^\s*-----BEGIN CERTIFICATE REQUEST-----\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n?-----END CERTIFICATE REQUEST-----\s*$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
// AlgorithmIdentifier DER (OID + NULL params, and the params-absent form) → node hash name.
const SIGNATURE_ALGORITHMS = new Map<string, string>([
  ['300d06092a864886f70d01010b0500', 'sha256'],
  ['300b06092a864886f70d01010b', 'sha256'],
  ['300d06092a864886f70d01010c0500', 'sha384'],
  ['300d06092a864886f70d01010d0500', 'sha512'],
]);

export interface CsrLimits {
  minRsaBits: number;
  maxRsaBits: number;
}

export interface ParsedCsr {
  publicKey: KeyObject;
  forgePublicKey: forge.pki.rsa.PublicKey;
  /** base64url SHA-256 of the SubjectPublicKeyInfo DER: the key's identity in the registry. */
  spkiThumbprint: string;
  rsaBits: number;
  subjectCommonName: string | undefined;
}

const fail = (code: string, message: string, cause?: unknown) => new ServiceError(400, code, message, { cause });

export function parseCsr(pem: string, limits: CsrLimits): ParsedCsr {
  if (pem.length > CSR_MAX_PEM_CHARS)
    throw fail('VIGIL_CSR_TOO_LARGE', `CSR is larger than ${CSR_MAX_PEM_CHARS} characters`);
  const der = decodePem(pem);
  let cri: Tlv, spki: Tlv, algorithm: Tlv, signature: Tlv, asn1: forge.asn1.Asn1;
  try {
    const outer = readTlv(der, 0);
    if (outer.tag !== 0x30 || outer.end !== der.length) throw new DerError('CSR is not one DER SEQUENCE');
    [cri, algorithm, signature] = expectTags(children(der, outer), [0x30, 0x30, 0x03]);
    const criParts = children(der, cri);
    if (criParts.length < 3 || criParts.length > 4) throw new DerError('CertificationRequestInfo has the wrong shape');
    spki = expectTags(criParts.slice(2, 3), [0x30])[0];
    // forge walks the whole structure with a depth cap: deep ASN.1 fails here, not later.
    asn1 = fromDer(forge.util.createBuffer(der.toString('binary')), {
      strict: true,
      parseAllBytes: true,
      maxDepth: 12,
      decodeBitStrings: true,
    });
  } catch (cause) {
    throw fail('VIGIL_CSR_DER', 'CSR is not valid DER', cause);
  }

  const spkiDer = der.subarray(spki.start, spki.end);
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: spkiDer, format: 'der', type: 'spki' });
  } catch (cause) {
    throw fail('VIGIL_CSR_KEY_TYPE', 'CSR public key cannot be read', cause);
  }
  const details = publicKey.asymmetricKeyDetails;
  if (publicKey.asymmetricKeyType !== 'rsa' || !details?.modulusLength) {
    throw fail('VIGIL_CSR_KEY_TYPE', 'device keys must be RSA');
  }
  if (details.modulusLength < limits.minRsaBits || details.modulusLength > limits.maxRsaBits) {
    throw fail('VIGIL_CSR_KEY_SIZE', `RSA key must be ${limits.minRsaBits}–${limits.maxRsaBits} bits`);
  }
  if (details.publicExponent !== 65537n) throw fail('VIGIL_CSR_KEY_SIZE', 'RSA public exponent must be 65537');

  const hash = SIGNATURE_ALGORITHMS.get(der.subarray(algorithm.start, algorithm.end).toString('hex'));
  if (!hash) throw fail('VIGIL_CSR_SIGNATURE_ALG', 'CSR must be signed with RSA PKCS#1 v1.5 and SHA-256/384/512');
  if (der[signature.contentStart] !== 0) throw fail('VIGIL_CSR_SIGNATURE', 'CSR signature bit string is malformed');
  const signatureBytes = der.subarray(signature.contentStart + 1, signature.end);
  if (!verify(hash, der.subarray(cri.start, cri.end), publicKey, signatureBytes)) {
    throw fail('VIGIL_CSR_SIGNATURE', 'CSR self-signature does not verify');
  }

  let request: ReturnType<typeof forge.pki.certificationRequestFromAsn1>;
  try {
    request = forge.pki.certificationRequestFromAsn1(asn1, false);
  } catch (cause) {
    throw fail('VIGIL_CSR_DER', 'CSR could not be read', cause);
  }
  const cn = request.subject.getField('CN') as { value?: unknown } | null;
  return {
    publicKey,
    forgePublicKey: request.publicKey as forge.pki.rsa.PublicKey,
    spkiThumbprint: createHash('sha256').update(spkiDer).digest('base64url'),
    rsaBits: details.modulusLength,
    subjectCommonName: typeof cn?.value === 'string' ? cn.value.slice(0, 128) : undefined,
  };
}

function decodePem(pem: string): Buffer {
  if ((pem.match(/-----BEGIN /g) ?? []).length !== 1) throw fail('VIGIL_CSR_PEM', 'expected exactly one PEM block');
  const match = PEM.exec(pem);
  const body = match?.[1]?.replace(/\r?\n/g, '') ?? '';
  if (!match || !BASE64.test(body)) throw fail('VIGIL_CSR_PEM', 'not a PEM "CERTIFICATE REQUEST" block');
  const der = Buffer.from(body, 'base64');
  if (der.toString('base64') !== body) throw fail('VIGIL_CSR_PEM', 'PEM body is not canonical base64');
  return der;
}

// @types/node-forge lacks the options form (forge ≥ 1.3 accepts it; maxDepth since 1.3.2).
const fromDer = forge.asn1.fromDer as unknown as (
  bytes: forge.util.ByteBuffer,
  options: { strict: boolean; parseAllBytes: boolean; maxDepth: number; decodeBitStrings: boolean },
) => forge.asn1.Asn1;

function expectTags<N extends number[]>(items: Tlv[], tags: [...N]): { [K in keyof N]: Tlv } {
  if (items.length !== tags.length || items.some((item, i) => item.tag !== tags[i])) {
    throw new DerError('unexpected DER structure');
  }
  return items as { [K in keyof N]: Tlv };
}
