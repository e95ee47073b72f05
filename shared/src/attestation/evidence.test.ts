import { constants, generateKeyPairSync, verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEVICE_ID, evidenceClaims } from './__fixtures__/claims.js';
import { b64u, flipByte, rawJws } from './__fixtures__/jws.js';
import { EvidenceError } from './errors.js';
import { EVIDENCE_TYP } from './evidence-claims.js';
import { signEvidence, verifyEvidence } from './evidence.js';
import { evidenceHash, thumbprintSha256 } from './thumbprint.js';

const device = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const KID = 'kid-of-the-device-certificate-thumbprint-43';
const header = { alg: 'PS256', typ: EVIDENCE_TYP, kid: KID };

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(EvidenceError);
    return (error as EvidenceError).code;
  }
  throw new Error('expected a rejection');
}
const verify = (jws: string, key = device.publicKey) => verifyEvidence(jws, key, { expectedKid: KID });

describe('signEvidence / verifyEvidence', () => {
  it.each(['PS256', 'RS256'] as const)('round-trips with %s', async (alg) => {
    const jws = await signEvidence(evidenceClaims(), device.privateKey, KID, { alg });
    const { header: h, claims } = await verify(jws);
    expect(h).toMatchObject({ alg, typ: 'eat+jwt', kid: KID });
    expect(claims.ueid).toBe(DEVICE_ID);
    expect(claims.posture.observations['disk.encryption']?.state).toBe('ok');
  });

  it('refuses to sign invalid claims', async () => {
    expect(await rejection(signEvidence(evidenceClaims({ seq: 0 }), device.privateKey, KID))).toBe(
      'VIGIL_EVIDENCE_CLAIMS',
    );
  });

  it('rejects one flipped byte anywhere', async () => {
    const jws = await signEvidence(evidenceClaims(), device.privateKey, KID);
    expect(await rejection(verify(flipByte(jws, 2, 10)))).toBe('VIGIL_EVIDENCE_SIGNATURE');
    expect(await rejection(verify(flipByte(jws, 1, 40)))).toBe('VIGIL_EVIDENCE_SIGNATURE');
    // A byte inside the kid value: the header still parses, so the kid check catches it, and
    // without an expected kid the signature does.
    const inKid =
      Buffer.from(jws.split('.')[0] ?? '', 'base64url')
        .toString()
        .indexOf(KID) + 3;
    expect(await rejection(verify(flipByte(jws, 0, inKid)))).toBe('VIGIL_EVIDENCE_KID');
    expect(await rejection(verifyEvidence(flipByte(jws, 0, inKid), device.publicKey))).toBe('VIGIL_EVIDENCE_SIGNATURE');
    for (let i = 0; i < 30; i++) await expect(verify(flipByte(jws, 0, i))).rejects.toBeInstanceOf(EvidenceError);
  });

  it('rejects alg none, HS256 keyed with the public key, and algorithms off the allowlist', async () => {
    const claims = evidenceClaims();
    expect(await rejection(verify(rawJws({ ...header, alg: 'none' }, claims, 'none')))).toBe('VIGIL_EVIDENCE_ALG');
    const publicPem = Buffer.from(device.publicKey.export({ type: 'spki', format: 'pem' }));
    const hs = rawJws({ ...header, alg: 'HS256' }, claims, 'HS256', publicPem);
    expect(await rejection(verify(hs))).toBe('VIGIL_EVIDENCE_ALG');
    expect(
      await rejection(verify(rawJws({ ...header, alg: 'ES256' }, claims, 'ES256', ec.privateKey), ec.publicKey)),
    ).toBe('VIGIL_EVIDENCE_ALG');
    expect(await rejection(verify(rawJws({ ...header, alg: 'PS384' }, claims, 'PS256', device.privateKey)))).toBe(
      'VIGIL_EVIDENCE_ALG',
    );
    expect(await rejection(verify(rawJws({ typ: EVIDENCE_TYP, kid: KID }, claims, 'PS256', device.privateKey)))).toBe(
      'VIGIL_EVIDENCE_ALG',
    );
  });

  it('rejects a wrong or missing typ, accepts the media-type spelling', async () => {
    const claims = evidenceClaims();
    expect(await rejection(verify(rawJws({ ...header, typ: 'JWT' }, claims, 'PS256', device.privateKey)))).toBe(
      'VIGIL_EVIDENCE_TYP',
    );
    expect(await rejection(verify(rawJws({ alg: 'PS256', kid: KID }, claims, 'PS256', device.privateKey)))).toBe(
      'VIGIL_EVIDENCE_TYP',
    );
    await expect(
      verify(rawJws({ ...header, typ: 'application/EAT+JWT' }, claims, 'PS256', device.privateKey)),
    ).resolves.toBeTruthy();
  });

  it('rejects a missing or foreign kid and a key that is not the expected one', async () => {
    const claims = evidenceClaims();
    expect(
      await rejection(verify(rawJws({ alg: 'PS256', typ: EVIDENCE_TYP }, claims, 'PS256', device.privateKey))),
    ).toBe('VIGIL_EVIDENCE_KID');
    expect(await rejection(verify(await signEvidence(claims, device.privateKey, 'another-kid')))).toBe(
      'VIGIL_EVIDENCE_KID',
    );
    expect(await rejection(verify(await signEvidence(claims, other.privateKey, KID)))).toBe('VIGIL_EVIDENCE_SIGNATURE');
  });

  it('ignores a garbage x5c and rejects crit', async () => {
    const claims = evidenceClaims();
    await expect(
      verify(rawJws({ ...header, x5c: ['garbage!!'] }, claims, 'PS256', device.privateKey)),
    ).resolves.toBeTruthy();
    expect(await rejection(verify(rawJws({ ...header, crit: ['exp'] }, claims, 'PS256', device.privateKey)))).toBe(
      'VIGIL_EVIDENCE_HEADER',
    );
  });

  it('rejects duplicate member names in header and payload', async () => {
    const dupHeader = `{"alg":"PS256","typ":"eat+jwt","kid":"${KID}","alg":"none"}`;
    expect(await rejection(verify(rawJws(dupHeader, evidenceClaims(), 'PS256', device.privateKey)))).toBe(
      'VIGIL_EVIDENCE_DUPLICATE_KEY',
    );
    const body = JSON.stringify(evidenceClaims({ seq: 1 }));
    const dupPayload = body.replace('"seq":1', '"seq":1,"seq":7');
    expect(await rejection(verify(rawJws(header, dupPayload, 'PS256', device.privateKey)))).toBe(
      'VIGIL_EVIDENCE_DUPLICATE_KEY',
    );
  });

  it.each(['eat_profile', 'ueid', 'iat', 'jti', 'seq', 'agent', 'posture'])(
    'rejects a report without %s',
    async (claim) => {
      const claims: Record<string, unknown> = { ...evidenceClaims() };
      delete claims[claim];
      expect(await rejection(verify(rawJws(header, claims, 'PS256', device.privateKey)))).toBe('VIGIL_EVIDENCE_CLAIMS');
    },
  );

  it('ignores unknown claims', async () => {
    const jws = rawJws(header, { ...evidenceClaims(), future_claim: { x: 1 } }, 'PS256', device.privateKey);
    const { claims } = await verify(jws);
    expect(claims).not.toHaveProperty('future_claim');
  });

  it('rejects non-integer iat and seq, even written as 1.0', async () => {
    const base = JSON.stringify(evidenceClaims({ iat: 1_700_000_000 }));
    for (const text of [
      base.replace('"iat":1700000000', '"iat":1700000000.5'),
      base.replace('"iat":1700000000', '"iat":1700000000.0'),
      base.replace('"seq":1', '"seq":1e0'),
    ]) {
      expect(await rejection(verify(rawJws(header, text, 'PS256', device.privateKey)))).toBe('VIGIL_EVIDENCE_CLAIMS');
    }
  });

  it('enforces the hash chain shape and nonce length bounds', async () => {
    const sign = (o: Parameters<typeof evidenceClaims>[0]) =>
      rawJws(header, evidenceClaims(o), 'PS256', device.privateKey);
    const prev = await evidenceHash('previous');
    expect(await rejection(verify(sign({ seq: 1, prev })))).toBe('VIGIL_EVIDENCE_CLAIMS');
    expect(await rejection(verify(sign({ seq: 2 })))).toBe('VIGIL_EVIDENCE_CLAIMS');
    expect(await rejection(verify(sign({ seq: 2, prev: '' })))).toBe('VIGIL_EVIDENCE_CLAIMS');
    await expect(verify(sign({ seq: 2, prev }))).resolves.toBeTruthy();
    expect(await rejection(verify(sign({ eat_nonce: 'A'.repeat(9) })))).toBe('VIGIL_EVIDENCE_CLAIMS');
    expect(await rejection(verify(sign({ eat_nonce: 'A'.repeat(75) })))).toBe('VIGIL_EVIDENCE_CLAIMS');
    await expect(verify(sign({ eat_nonce: 'A'.repeat(10) }))).resolves.toBeTruthy();
    await expect(verify(sign({ eat_nonce: 'A'.repeat(74) }))).resolves.toBeTruthy();
    await expect(verify(sign({ eat_nonce: undefined }))).resolves.toBeTruthy();
    expect(await rejection(verify(sign({ seq: 5, prev, gap: { from: 3, to: 5 } })))).toBe('VIGIL_EVIDENCE_CLAIMS');
    await expect(verify(sign({ seq: 5, prev, gap: { from: 3, to: 4 } }))).resolves.toBeTruthy();
  });

  it('rejects malformed tokens and deep nesting cleanly', async () => {
    for (const bad of [
      '',
      'a.b',
      'a.b.c.d',
      '..',
      'e30.e30.',
      `${b64u('{"alg":"PS256"')}.e30.AA`,
      'e30=.e30.AA',
      `${b64u('[1]')}.e30.AA`,
    ]) {
      const code = await rejection(verify(bad));
      expect(['VIGIL_EVIDENCE_MALFORMED', 'VIGIL_EVIDENCE_ALG']).toContain(code);
    }
    const deep = `{"x":${'['.repeat(100)}${']'.repeat(100)}}`;
    expect(await rejection(verify(rawJws(header, deep, 'PS256', device.privateKey)))).toBe('VIGIL_EVIDENCE_MALFORMED');
  });

  it('gives the same answers with a node:crypto signature backend', async () => {
    const check =
      (key = device.publicKey) =>
      (alg: string, input: Uint8Array, signature: Uint8Array) =>
        alg === 'PS256'
          ? nodeVerify('sha256', input, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature)
          : nodeVerify('sha256', input, key, signature);
    for (const alg of ['PS256', 'RS256'] as const) {
      const jws = await signEvidence(evidenceClaims(), device.privateKey, KID, { alg });
      const viaNode = await verifyEvidence(jws, device.publicKey, { expectedKid: KID, signatureCheck: check() });
      expect(viaNode).toEqual(await verify(jws));
      const bad = verifyEvidence(flipByte(jws, 2, 3), device.publicKey, { expectedKid: KID, signatureCheck: check() });
      expect(await rejection(bad)).toBe('VIGIL_EVIDENCE_SIGNATURE');
      expect(await rejection(verifyEvidence(jws, other.publicKey, { signatureCheck: check(other.publicKey) }))).toBe(
        'VIGIL_EVIDENCE_SIGNATURE',
      );
    }
    const none = rawJws({ ...header, alg: 'none' }, evidenceClaims(), 'none');
    expect(await rejection(verifyEvidence(none, device.publicKey, { signatureCheck: () => true }))).toBe(
      'VIGIL_EVIDENCE_ALG',
    );
  });

  it('hashes and thumbprints as base64url SHA-256', async () => {
    expect(await evidenceHash('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
    expect(await thumbprintSha256(new Uint8Array([0x61, 0x62, 0x63]))).toBe(
      'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0',
    );
  });
});
