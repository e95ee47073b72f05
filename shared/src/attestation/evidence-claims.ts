/**
 * The claims of a Vigil evidence token: an EAT (RFC 9711) in a compact JWS. The agent reports
 * raw posture; only the service appraises it. Unknown claims are ignored (stripped) so newer
 * agents can add claims; required claims that are missing are a rejection.
 */
import { z } from 'zod';
import { PostureReportSchema } from '../posture.js';

export const EAT_PROFILE = 'https://vigil.dev/eat-profile/v1';
/** JOSE `typ` of evidence tokens (media type `application/eat+jwt`). */
export const EVIDENCE_TYP = 'eat+jwt';
/** RSA device keys only: forge (which builds our certificates) handles nothing else. */
export const EVIDENCE_ALGORITHMS = ['PS256', 'RS256'] as const;
export type EvidenceAlgorithm = (typeof EVIDENCE_ALGORITHMS)[number];

/** Device ids are service-assigned UUIDs; the certificate SAN is `urn:vigil:device:<id>`. */
export const DEVICE_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const DEVICE_URN_PREFIX = 'urn:vigil:device:';
/** Report ids double as the HTTP `Idempotency-Key`, so they use a header-safe alphabet. */
export const REPORT_ID_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;
/** RFC 9711 §4.1: in JSON a nonce is a text string of 10–74 characters; ours is base64url. */
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{10,74}$/;
const SHA256_B64URL = /^[A-Za-z0-9_-]{43}$/;

const seqNumber = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const EvidenceClaimsSchema = z
  .object({
    eat_profile: z.literal(EAT_PROFILE),
    /** The device id from the certificate; the service checks they match. */
    ueid: z.string().regex(DEVICE_ID_PATTERN),
    iat: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    /** Server nonce; absent only on unchallenged reports queued while offline. */
    eat_nonce: z.string().regex(NONCE_PATTERN).optional(),
    jti: z.string().regex(REPORT_ID_PATTERN),
    /** +1 per report, starting at 1. */
    seq: seqNumber,
    /**
     * base64url SHA-256 of the previous report's compact JWS. Absent on seq 1 (there is no
     * previous report); required on every later report. An empty string is not accepted: one
     * meaning, one spelling.
     */
    prev: z.string().regex(SHA256_B64URL).optional(),
    /** Reports the agent dropped unsent (outbox overflow): the range seq `from`..`to`. */
    gap: z.strictObject({ from: seqNumber, to: seqNumber }).optional(),
    agent: z.object({ name: z.string().min(1).max(64), version: z.string().min(1).max(64) }),
    posture: PostureReportSchema,
  })
  .superRefine((claims, ctx) => {
    if (claims.seq === 1 && claims.prev !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['prev'], message: 'the first report has no previous hash' });
    }
    if (claims.seq > 1 && claims.prev === undefined) {
      ctx.addIssue({ code: 'custom', path: ['prev'], message: 'required after the first report' });
    }
    if (claims.gap && !(claims.gap.from <= claims.gap.to && claims.gap.to < claims.seq)) {
      ctx.addIssue({ code: 'custom', path: ['gap'], message: 'gap must be a range below seq' });
    }
  });

export type EvidenceClaims = z.infer<typeof EvidenceClaimsSchema>;
/** What callers pass to `signEvidence` (same shape; unknown claims are allowed through). */
export type EvidenceClaimsInput = z.input<typeof EvidenceClaimsSchema> & Record<string, unknown>;

export interface EvidenceHeader {
  alg: EvidenceAlgorithm;
  typ: string;
  kid: string;
  [parameter: string]: unknown;
}

/** Claims whose value must be an integer literal on the wire. */
export const EVIDENCE_INTEGER_CLAIMS = ['iat', 'seq'] as const;
