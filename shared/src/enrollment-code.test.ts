import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  caFingerprint,
  encodeEnrollmentCode,
  EnrollmentCodeError,
  firstCertificateDer,
  parseEnrollmentCode,
  type EnrollmentCode,
} from './enrollment-code.js';

const CODE: EnrollmentCode = {
  serverUrl: 'https://vigil.example.com:8443',
  token: 'vgl_enr_0123456789abcdef_' + 'A'.repeat(43),
  caFingerprint: 'q'.repeat(43),
  ownership: 'personal',
};

/** Builds a code by hand, as the contract describes it, to check the parser against the format. */
function handMade(payload: unknown): string {
  return `vigil1.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
}

function rejects(input: string, message: RegExp): void {
  let caught: unknown;
  try {
    parseEnrollmentCode(input);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(EnrollmentCodeError);
  expect((caught as EnrollmentCodeError).code).toBe('VIGIL_ENROLL_CODE_INVALID');
  expect((caught as Error).message).toMatch(message);
}

describe('enrollment codes', () => {
  it('round-trips and matches the documented format byte for byte', () => {
    const code = encodeEnrollmentCode(CODE);
    expect(code).toBe(handMade({ u: CODE.serverUrl, t: CODE.token, c: CODE.caFingerprint, o: 'personal' }));
    expect(parseEnrollmentCode(code)).toEqual(CODE);
    expect(parseEnrollmentCode(`  ${code}\n`)).toEqual(CODE);
  });

  it('accepts a link that carries the code in its fragment or a code parameter', () => {
    const code = encodeEnrollmentCode({ ...CODE, ownership: 'managed' });
    expect(parseEnrollmentCode(`https://it.example.com/enroll#${code}`).ownership).toBe('managed');
    expect(parseEnrollmentCode(`https://it.example.com/enroll?code=${code}`).token).toBe(CODE.token);
    rejects('https://it.example.com/enroll', /holds no enrollment code/);
  });

  it('rejects damaged or foreign input with a clear message', () => {
    rejects('', /empty/);
    rejects('vigil2.abc', /must start with "vigil1."/);
    rejects('vigil1.', /damaged/);
    rejects('vigil1.a', /damaged/);
    rejects('vigil1.!!!', /damaged/);
    rejects(`vigil1.${Buffer.from([0xff, 0xfe]).toString('base64url')}`, /not UTF-8/);
    rejects(handMade([1, 2]), /not a JSON object/);
    rejects(`vigil1.${Buffer.from('{"u":"x","u":"y"}').toString('base64url')}`, /not a JSON object/);
    rejects(`vigil1.${'A'.repeat(5000)}`, /longer than/);
  });

  it('validates every field', () => {
    const base = { u: CODE.serverUrl, t: CODE.token, c: CODE.caFingerprint, o: 'personal' };
    rejects(handMade({ ...base, u: 'http://vigil.example.com' }), /https URL/);
    rejects(handMade({ ...base, u: 'https://user:pw@vigil.example.com' }), /https URL/);
    rejects(handMade({ ...base, t: '' }), /token/);
    rejects(handMade({ ...base, t: 'has space' }), /token/);
    rejects(handMade({ ...base, c: 'short' }), /fingerprint/);
    rejects(handMade({ ...base, o: 'corporate' }), /neither/);
    rejects(handMade({ ...base, x: 1 }), /unknown fields: x/);
    rejects(handMade({ u: base.u, t: base.t, c: base.c }), /neither/);
    expect(() => encodeEnrollmentCode({ ...CODE, serverUrl: 'ftp://x' })).toThrow(EnrollmentCodeError);
  });

  it('fingerprints a certificate as base64url SHA-256 of its DER', async () => {
    const pem = selfSignedPem();
    const der = firstCertificateDer(`junk before\n${pem}\n${pem}`);
    expect(der).not.toBeNull();
    const expected = createHash('sha256').update(new X509Certificate(pem).raw).digest('base64url');
    expect(await caFingerprint(der!)).toBe(expected);
    expect(firstCertificateDer('no certificate here')).toBeNull();
  });
});

/** A real certificate (made once with `openssl req -x509`; only its bytes matter here). */
function selfSignedPem(): string {
  return readFileSync(new URL('./__fixtures__/test-ca.pem', import.meta.url), 'utf8');
}
