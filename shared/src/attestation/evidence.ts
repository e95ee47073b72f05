/**
 * Signing and verifying evidence (EAT in a compact JWS). Verification order gives each failure
 * its own code: structure → duplicate header members → `alg` allowlist → `typ` → header
 * policy → `kid` → signature → duplicate payload members → claims. The caller supplies the key
 * (on the service: the key of the mTLS client certificate); `x5c`, `jwk`, `jku` in the header
 * are never used for trust.
 */
import { CompactSign, compactVerify, type CryptoKey, type JWK, type KeyObject } from 'jose';
import { EvidenceError } from './errors.js';
import {
  EVIDENCE_ALGORITHMS,
  EVIDENCE_INTEGER_CLAIMS,
  EVIDENCE_TYP,
  EvidenceClaimsSchema,
  type EvidenceAlgorithm,
  type EvidenceClaims,
  type EvidenceClaimsInput,
  type EvidenceHeader,
} from './evidence-claims.js';
import { decodeBase64url } from './base64url.js';
import { decodeJsonBytes, splitCompactJws, typMatches } from './jws-parts.js';
import { formatIssues } from './issues.js';

export type VerificationKey = CryptoKey | KeyObject | JWK;

/**
 * Optional signature backend: checks `signature` over the ASCII `header.payload` for an
 * allowlisted `alg`. jose (WebCrypto) is the default and runs anywhere; a Node service can pass
 * node:crypto here, several times faster on Node 20. Everything else stays identical.
 */
export type SignatureCheck = (
  alg: EvidenceAlgorithm,
  signingInput: Uint8Array,
  signature: Uint8Array,
) => boolean | Promise<boolean>;

/** Header parameters that change how the token is processed; none are supported. */
const REJECTED_HEADER_PARAMETERS = ['crit', 'b64', 'zip', 'enc'];

export async function signEvidence(
  claims: EvidenceClaimsInput,
  privateKey: CryptoKey | KeyObject | JWK,
  kid: string,
  options: { alg?: EvidenceAlgorithm } = {},
): Promise<string> {
  const parsed = EvidenceClaimsSchema.safeParse(claims);
  if (!parsed.success) {
    throw new EvidenceError('VIGIL_EVIDENCE_CLAIMS', `evidence claims invalid: ${formatIssues(parsed.error.issues)}`);
  }
  const payload = new TextEncoder().encode(JSON.stringify(claims));
  return new CompactSign(payload)
    .setProtectedHeader({ alg: options.alg ?? 'PS256', typ: EVIDENCE_TYP, kid })
    .sign(privateKey);
}

export interface VerifiedEvidence {
  header: EvidenceHeader;
  claims: EvidenceClaims;
}

export async function verifyEvidence(
  jws: string,
  publicKey: VerificationKey,
  options: { expectedKid?: string; signatureCheck?: SignatureCheck } = {},
): Promise<VerifiedEvidence> {
  const parts = splitCompactJws(jws);
  if ('kind' in parts) {
    throw new EvidenceError(
      parts.kind === 'duplicate-key' ? 'VIGIL_EVIDENCE_DUPLICATE_KEY' : 'VIGIL_EVIDENCE_MALFORMED',
      `evidence header: ${parts.message}`,
    );
  }
  const { header } = parts;
  if (typeof header.alg !== 'string' || !(EVIDENCE_ALGORITHMS as readonly string[]).includes(header.alg)) {
    throw new EvidenceError('VIGIL_EVIDENCE_ALG', `evidence alg must be one of ${EVIDENCE_ALGORITHMS.join(', ')}`);
  }
  if (!typMatches(header.typ, EVIDENCE_TYP)) {
    throw new EvidenceError('VIGIL_EVIDENCE_TYP', `evidence typ must be "${EVIDENCE_TYP}"`);
  }
  const unsupported = REJECTED_HEADER_PARAMETERS.filter((name) => name in header);
  if (unsupported.length > 0) {
    throw new EvidenceError('VIGIL_EVIDENCE_HEADER', `unsupported header parameter(s): ${unsupported.join(', ')}`);
  }
  if (typeof header.kid !== 'string' || header.kid === '') {
    throw new EvidenceError('VIGIL_EVIDENCE_KID', 'evidence kid is missing');
  }
  if (options.expectedKid !== undefined && header.kid !== options.expectedKid) {
    throw new EvidenceError('VIGIL_EVIDENCE_KID', 'evidence kid does not name the client certificate');
  }

  const payload = await checkSignature(jws, header.alg as EvidenceAlgorithm, publicKey, options.signatureCheck);

  const decoded = decodeJsonBytes(payload, { maxDepth: 32, integerMembers: EVIDENCE_INTEGER_CLAIMS });
  if ('kind' in decoded) {
    const code =
      decoded.kind === 'duplicate-key'
        ? 'VIGIL_EVIDENCE_DUPLICATE_KEY'
        : decoded.kind === 'invalid'
          ? 'VIGIL_EVIDENCE_CLAIMS'
          : 'VIGIL_EVIDENCE_MALFORMED';
    throw new EvidenceError(code, `evidence payload: ${decoded.message}`);
  }
  const claims = EvidenceClaimsSchema.safeParse(decoded.value);
  if (!claims.success) {
    throw new EvidenceError('VIGIL_EVIDENCE_CLAIMS', `evidence claims invalid: ${formatIssues(claims.error.issues)}`);
  }
  return { header: header as EvidenceHeader, claims: claims.data };
}

async function checkSignature(
  jws: string,
  alg: EvidenceAlgorithm,
  key: VerificationKey,
  check?: SignatureCheck,
): Promise<Uint8Array> {
  const fail = (cause?: unknown) =>
    new EvidenceError('VIGIL_EVIDENCE_SIGNATURE', 'evidence signature does not verify', { cause });
  if (!check) {
    try {
      return (await compactVerify(jws, key, { algorithms: [...EVIDENCE_ALGORITHMS] })).payload;
    } catch (cause) {
      throw fail(cause);
    }
  }
  const lastDot = jws.lastIndexOf('.');
  const firstDot = jws.indexOf('.');
  const signature = decodeBase64url(jws.slice(lastDot + 1));
  const payload = decodeBase64url(jws.slice(firstDot + 1, lastDot));
  if (!signature || !payload) throw fail();
  let valid: boolean;
  try {
    valid = await check(alg, new TextEncoder().encode(jws.slice(0, lastDot)), signature);
  } catch (cause) {
    throw fail(cause);
  }
  if (!valid) throw fail();
  return payload;
}
