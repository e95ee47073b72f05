// Property-based tests of the evidence verifier with real RSA keys: a damaged token is never
// accepted unless the damage is a no-op, and every rejection is an EvidenceError with a specific
// code, on both signature back ends (jose and node:crypto). See docs/fuzzing.md.
import { constants, generateKeyPairSync, verify as nodeVerify } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { evidenceClaims } from './__fixtures__/claims.js';
import { rawJws } from './__fixtures__/jws.js';
import {
  applyTamper,
  CLAIM_NAMES,
  HEADER_NAMES,
  RAW_VALUES,
  tamper,
  withDuplicateMember,
  withMember,
} from './__fixtures__/jws-mutations.js';
import { EVIDENCE_ERROR_CODES, EvidenceError, type EvidenceErrorCode } from './errors.js';
import { EVIDENCE_TYP } from './evidence-claims.js';
import { signEvidence, verifyEvidence, type SignatureCheck } from './evidence.js';

const device = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KID = 'kid-of-the-device-certificate-thumbprint-43';
const HEADER = JSON.stringify({ alg: 'PS256', typ: EVIDENCE_TYP, kid: KID });
const PSS = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
const nodeCheck: SignatureCheck = (alg, input, signature) =>
  alg === 'PS256'
    ? nodeVerify('sha256', input, { key: device.publicKey, ...PSS }, signature)
    : nodeVerify('sha256', input, device.publicKey, signature);
const BACKENDS = { jose: undefined, node: nodeCheck } as const;

let valid: string;
let payload: string;
beforeAll(async () => {
  valid = await signEvidence(evidenceClaims(), device.privateKey, KID);
  payload = Buffer.from(valid.split('.')[1] ?? '', 'base64url').toString();
});

/** null when accepted, else the code; anything thrown that is not an EvidenceError fails the test. */
async function outcome(token: string, backend: keyof typeof BACKENDS): Promise<EvidenceErrorCode | null> {
  try {
    await verifyEvidence(token, device.publicKey, { expectedKid: KID, signatureCheck: BACKENDS[backend] });
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(EvidenceError);
    const code = (error as EvidenceError).code;
    expect(EVIDENCE_ERROR_CODES).toContain(code);
    return code;
  }
}

const backend = fc.constantFrom('jose' as const, 'node' as const);

describe('verifyEvidence under fuzzing', () => {
  it('never accepts a tampered token unless the tampering is a no-op', async () => {
    await fc.assert(
      fc.asyncProperty(tamper(), backend, async (t, via) => {
        const token = applyTamper(valid, t);
        const code = await outcome(token, via);
        if (code === null) expect(token).toBe(valid);
        // Kinds whose rejection is always the same code.
        if (token !== valid && t.kind === 'signature-byte') expect(code).toBe('VIGIL_EVIDENCE_SIGNATURE');
        if (t.kind === 'padding') expect(code).toBe('VIGIL_EVIDENCE_MALFORMED');
        // An empty signature is well-formed (alg none has one): it fails as a signature.
        if (t.kind === 'empty-segment')
          expect(code).toBe(t.segment === 2 ? 'VIGIL_EVIDENCE_SIGNATURE' : 'VIGIL_EVIDENCE_MALFORMED');
        if (t.kind === 'duplicate-key' && t.segment === 0) expect(code).toBe('VIGIL_EVIDENCE_DUPLICATE_KEY');
        if (t.kind === 'claim') expect(code).toBe('VIGIL_EVIDENCE_SIGNATURE');
      }),
      { numRuns: 300 },
    );
  });

  it('re-signed header changes are accepted only when the header still meets the policy', async () => {
    const edit = fc.tuple(fc.constantFrom(...HEADER_NAMES), fc.constantFrom(...RAW_VALUES));
    await fc.assert(
      fc.asyncProperty(edit, backend, async ([name, raw], via) => {
        const header = withMember(HEADER, name, raw);
        const code = await outcome(rawJws(header, payload, 'PS256', device.privateKey), via);
        const parsed = JSON.parse(header) as Record<string, unknown>;
        // Headers nest at most 4 deep; below that, a wrong alg is named as such.
        const tooDeep = raw.startsWith('[[[[') || raw.startsWith('{"a":{"a":{"a":');
        const meetsPolicy =
          !tooDeep &&
          parsed.alg === 'PS256' &&
          parsed.typ === EVIDENCE_TYP &&
          parsed.kid === KID &&
          !['crit', 'b64', 'zip', 'enc'].includes(name);
        expect(code === null).toBe(meetsPolicy);
        if (name === 'alg' && parsed.alg !== 'PS256')
          expect(code).toBe(
            tooDeep
              ? 'VIGIL_EVIDENCE_MALFORMED'
              : parsed.alg === 'RS256'
                ? 'VIGIL_EVIDENCE_SIGNATURE'
                : 'VIGIL_EVIDENCE_ALG',
          );
      }),
      { numRuns: 150 },
    );
  });

  it('re-signed claim changes are rejected with a claims code unless the claims stay valid', async () => {
    const edit = fc.tuple(fc.constantFrom(...CLAIM_NAMES), fc.constantFrom(...RAW_VALUES));
    await fc.assert(
      fc.asyncProperty(edit, backend, async ([name, raw], via) => {
        const code = await outcome(rawJws(HEADER, withMember(payload, name, raw), 'PS256', device.privateKey), via);
        expect([null, 'VIGIL_EVIDENCE_CLAIMS', 'VIGIL_EVIDENCE_MALFORMED']).toContain(code);
        // Integer claims must be integer literals: `1.0` and `1e0` are refused even though JSON.parse gives 1.
        if ((name === 'iat' || name === 'seq') && /[.eE]/.test(raw)) expect(code).not.toBeNull();
        // Claims we do not know are ignored; a wrong required or typed claim never passes.
        if (!['exp', 'nbf', 'iss', 'sub', 'aud', 'cnf'].includes(name) && raw !== '"none"') {
          if (code === null) expect(['prev', 'eat_nonce']).not.toContain(name);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('rejects a re-signed payload with a duplicate member, whatever its value', async () => {
    for (const via of ['jose', 'node'] as const) {
      const token = rawJws(HEADER, withDuplicateMember(payload), 'PS256', device.privateKey);
      expect(await outcome(token, via)).toBe('VIGIL_EVIDENCE_DUPLICATE_KEY');
    }
  });

  it('regression: one token, one spelling (unused signature bits, padded payload) on both back ends', async () => {
    const last = valid.at(-1) ?? 'A';
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // 256-byte signatures leave 4 unused bits in the last character; jose ignored them.
    const respelled = `${valid.slice(0, -1)}${ALPHABET[ALPHABET.indexOf(last) ^ 1]}`;
    const [h, p, sig] = valid.split('.');
    for (const via of ['jose', 'node'] as const) {
      expect(await outcome(respelled, via)).toBe('VIGIL_EVIDENCE_MALFORMED');
      expect(await outcome(`${h}.${p}=.${sig}`, via)).toBe('VIGIL_EVIDENCE_MALFORMED');
    }
  });

  it('rejects arbitrary strings with a specific code', async () => {
    const dotted = fc
      .array(fc.stringMatching(/^[A-Za-z0-9_-]{0,40}$/), { minLength: 1, maxLength: 5 })
      .map((p) => p.join('.'));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), dotted), backend, async (token, via) => {
        expect(await outcome(token, via)).not.toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it('rejects a 1 MB token quickly', async () => {
    for (const token of [`${'A'.repeat(1 << 20)}.e30.AA`, `e30.${'A'.repeat(1 << 20)}.AA`, '.'.repeat(1 << 20)]) {
      const started = performance.now();
      expect(await outcome(token, 'node')).not.toBeNull();
      expect(performance.now() - started).toBeLessThan(1_000);
    }
  });
});
