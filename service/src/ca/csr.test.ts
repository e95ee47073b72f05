import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import fc from 'fast-check';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../errors.js';
import { buildCsr, buildCsrDer } from '../test-support/csr.js';
import { derToPem } from './build-certificate.js';
import { parseCsr } from './csr.js';

const limits = { minRsaBits: 2048, maxRsaBits: 8192 };
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const { asn1 } = forge;
const pemOf = (der: Buffer) => derToPem(der, 'CERTIFICATE REQUEST');

function codeOf(pem: string): string {
  try {
    parseCsr(pem, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).statusCode).toBe(400);
    return (error as ServiceError).code;
  }
  return 'ok';
}

/** A CSR around an arbitrary SubjectPublicKeyInfo and attribute payload, signed with `signer`. */
function handmadeCsr(
  spkiDer: Buffer,
  options: { attributes?: forge.asn1.Asn1[]; signer?: Parameters<typeof sign>[2]; hash?: string; algOid?: string } = {},
) {
  const cri = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, '\u0000'),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, []),
    asn1.fromDer(spkiDer.toString('binary')),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, options.attributes ?? []),
  ]);
  const criDer = Buffer.from(asn1.toDer(cri).getBytes(), 'binary');
  const signature = options.signer ? sign(options.hash ?? 'sha256', criDer, options.signer) : randomBytes(256);
  const csr = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    cri,
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(
        asn1.Class.UNIVERSAL,
        asn1.Type.OID,
        false,
        asn1.oidToDer(options.algOid ?? '1.2.840.113549.1.1.11').getBytes(),
      ),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ''),
    ]),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, '\u0000' + signature.toString('binary')),
  ]);
  return pemOf(Buffer.from(asn1.toDer(csr).getBytes(), 'binary'));
}

function hugeRsaSpki(bits: number): Buffer {
  const modulus = randomBytes(bits / 8);
  modulus[0] = (modulus[0] ?? 0) | 0x80;
  modulus[modulus.length - 1] = (modulus[modulus.length - 1] ?? 0) | 1;
  const key = forge.pki.setRsaPublicKey(
    new forge.jsbn.BigInteger(modulus.toString('hex'), 16),
    new forge.jsbn.BigInteger('65537'),
  );
  return Buffer.from(asn1.toDer(forge.pki.publicKeyToAsn1(key)).getBytes(), 'binary');
}

describe('parseCsr', () => {
  it('accepts a CSR built with forge and signed natively', () => {
    const parsed = parseCsr(buildCsr(keys, { commonName: 'laptop-42' }), limits);
    expect(parsed.rsaBits).toBe(2048);
    expect(parsed.subjectCommonName).toBe('laptop-42');
    expect(parsed.spkiThumbprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('checks the self-signature with node:crypto', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(codeOf(buildCsr(keys, { signWith: other.privateKey }))).toBe('VIGIL_CSR_SIGNATURE');
    const der = buildCsrDer(keys);
    der[der.length - 5] = (der[der.length - 5] ?? 0) ^ 0xff;
    expect(codeOf(pemOf(der))).toBe('VIGIL_CSR_SIGNATURE');
  });

  it('refuses keys below 2048 bits, above 8192 bits (fast, before any RSA work) and non-RSA keys', () => {
    expect(codeOf(buildCsr(generateKeyPairSync('rsa', { modulusLength: 1024 })))).toBe('VIGIL_CSR_KEY_SIZE');
    for (const bits of [8200, 16384, 40000]) {
      const started = performance.now();
      expect(codeOf(handmadeCsr(hugeRsaSpki(bits)))).toBe('VIGIL_CSR_KEY_SIZE');
      expect(performance.now() - started).toBeLessThan(100);
    }
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ecSpki = ec.publicKey.export({ type: 'spki', format: 'der' });
    expect(codeOf(handmadeCsr(ecSpki, { signer: ec.privateKey, algOid: '1.2.840.10045.4.3.2' }))).toBe(
      'VIGIL_CSR_KEY_TYPE',
    );
  });

  it('refuses signature algorithms other than RSA PKCS#1 v1.5 with SHA-2', () => {
    const spki = keys.publicKey.export({ type: 'spki', format: 'der' });
    expect(codeOf(handmadeCsr(spki, { signer: keys.privateKey, hash: 'sha1', algOid: '1.2.840.113549.1.1.5' }))).toBe(
      'VIGIL_CSR_SIGNATURE_ALG',
    );
  });

  it.each([
    ['two concatenated PEM blocks', () => buildCsr(keys) + buildCsr(keys)],
    ['a certificate label', () => buildCsr(keys).replace(/CERTIFICATE REQUEST/g, 'CERTIFICATE')],
    ['trailing garbage', () => `${buildCsr(keys)}garbage`],
    ['leading garbage', () => `junk\n${buildCsr(keys)}`],
    ['a body that is not base64', () => buildCsr(keys).replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!')],
    ['no PEM at all', () => 'MIIC'],
    ['empty input', () => ''],
  ])('rejects %s as VIGIL_CSR_PEM', (_name, make) => {
    expect(codeOf(make())).toBe('VIGIL_CSR_PEM');
  });

  it('rejects DER garbage, trailing bytes, indefinite lengths and truncation as VIGIL_CSR_DER', () => {
    const der = buildCsrDer(keys);
    expect(codeOf(pemOf(randomBytes(300)))).toBe('VIGIL_CSR_DER');
    expect(codeOf(pemOf(Buffer.concat([der, Buffer.from([0x00])])))).toBe('VIGIL_CSR_DER');
    expect(codeOf(pemOf(der.subarray(0, der.length - 10)))).toBe('VIGIL_CSR_DER');
    expect(codeOf(pemOf(Buffer.from([0x30, 0x80, 0x02, 0x01, 0x00, 0x00, 0x00])))).toBe('VIGIL_CSR_DER');
  });

  it('rejects deeply nested ASN.1 quickly', () => {
    let nested = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '');
    for (let i = 0; i < 1500; i++) nested = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [nested]);
    const spki = keys.publicKey.export({ type: 'spki', format: 'der' });
    const started = performance.now();
    expect(codeOf(handmadeCsr(spki, { attributes: [nested], signer: keys.privateKey }))).toBe('VIGIL_CSR_DER');
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('rejects oversized input before decoding', () => {
    expect(
      codeOf(`-----BEGIN CERTIFICATE REQUEST-----\n${'A'.repeat(20_000)}\n-----END CERTIFICATE REQUEST-----\n`),
    ).toBe('VIGIL_CSR_TOO_LARGE');
  });

  it('property: random bytes and mutated CSRs only ever produce a clean VIGIL_CSR_* rejection', () => {
    const valid = buildCsrDer(keys);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        expect(codeOf(pemOf(Buffer.from(bytes)))).toMatch(/^VIGIL_CSR_/);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.nat(valid.length - 1), fc.integer({ min: 1, max: 255 }), (index, xor) => {
        const der = Buffer.from(valid);
        der[index] = (der[index] ?? 0) ^ xor;
        const code = codeOf(pemOf(der));
        expect(code === 'ok' || code.startsWith('VIGIL_CSR_')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
