/**
 * The agent's local status API (`GET /v1/status` on the agent's Unix socket / named pipe): what
 * the tray and `vigil status` show. The tray renders only this; it never talks to the network.
 */
import { z } from 'zod';
import { EvidenceClaimsSchema } from './attestation/evidence-claims.js';
import { CHECK_IDS, PLATFORMS } from './checks.js';
import { EvidenceSchema } from './posture.js';
import { CHECK_RESULTS, ENFORCEMENT_ACTIONS, OVERALL_STATUSES } from './policy/verdict.js';
import { ENFORCEMENT_MODES } from './policy/schema.js';

export const AGENT_STATUS_SCHEMA_ID = 'https://vigil.dev/schemas/agent-status/v1.json';

const isoTime = z.iso.datetime({ offset: true });
const problem = z.strictObject({ code: z.string(), message: z.string() });

export const StatusCheckSchema = z.strictObject({
  check: z.enum(CHECK_IDS),
  title: z.string(),
  result: z.enum(CHECK_RESULTS),
  reason: z.string(),
  remediation: z.string().optional(),
  remediationUrl: z.string().optional(),
  deadline: isoTime.optional(),
  /** What the agent read, so the user sees why (e.g. "from cryptsetup at 09:41"). */
  evidence: z.array(EvidenceSchema),
  collectedAt: isoTime.optional(),
});
export type StatusCheck = z.infer<typeof StatusCheckSchema>;

/**
 * Consent on a personal (BYOD) device. `required` is true in personal mode; until `state` is
 * `accepted` the agent collects and sends nothing. `statementVersion` is the version of the
 * statement in force (the one to accept); `decidedAt` is when the owner last decided.
 */
export const CONSENT_STATES = ['not-required', 'pending', 'accepted', 'withdrawn'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

export const ConsentStatusSchema = z.strictObject({
  required: z.boolean(),
  state: z.enum(CONSENT_STATES),
  statementVersion: z.string().min(1).max(32),
  decidedAt: isoTime.nullable(),
});
export type ConsentStatus = z.infer<typeof ConsentStatusSchema>;

export const AgentStatusSchema = z.strictObject({
  schema: z.literal(AGENT_STATUS_SCHEMA_ID),
  agent: z.strictObject({ name: z.string(), version: z.string(), startedAt: isoTime }),
  device: z.strictObject({
    id: z.string().optional(),
    enrolled: z.boolean(),
    platform: z.enum(PLATFORMS),
    ownership: z.enum(['managed', 'personal']),
  }),
  /**
   * The status to show. Comes from the latest signed result while it is valid; once it expires
   * or the service cannot be reached past the result's validity, it is `unknown`, never green.
   */
  status: z.enum(OVERALL_STATUSES),
  /** `service`: from a valid signed result; `local`: the agent's own evaluation only. */
  source: z.enum(['service', 'local', 'none']),
  enforcement: z.strictObject({ mode: z.enum(ENFORCEMENT_MODES), action: z.enum(ENFORCEMENT_ACTIONS) }).optional(),
  deadline: isoTime.optional(),
  result: z.strictObject({ verifiedAt: isoTime, validUntil: isoTime, expired: z.boolean() }).nullable(),
  lastCollectedAt: isoTime.nullable(),
  lastPushedAt: isoTime.nullable(),
  nextCollectionAt: isoTime.nullable(),
  certificate: z.strictObject({ expiresAt: isoTime, renewAt: isoTime }).nullable(),
  service: z.strictObject({
    url: z.string().nullable(),
    reachable: z.boolean().nullable(),
    checkedAt: isoTime.nullable(),
    lastError: problem.optional(),
  }),
  checks: z.array(StatusCheckSchema),
  policy: z.strictObject({
    id: z.string(),
    /** The tray may hide its icon while the device is compliant, if IT allows it. */
    allowHideWhenHealthy: z.boolean(),
    helpUrl: z.string().optional(),
  }),
  /** Collector problems worth showing (a check that keeps failing to read). */
  problems: z.array(problem),
  consent: ConsentStatusSchema,
});
export type AgentStatus = z.infer<typeof AgentStatusSchema>;

/** `POST /v1/check-now` answer: accepted, or refused with when to retry. */
export const CheckNowResponseSchema = z.strictObject({
  accepted: z.boolean(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
  message: z.string(),
});
export type CheckNowResponse = z.infer<typeof CheckNowResponseSchema>;

/** `POST /v1/consent` body: the owner's decision about the statement version they were shown. */
export const ConsentRequestSchema = z.strictObject({
  decision: z.enum(['accept', 'withdraw']),
  statementVersion: z.string().min(1).max(32),
});
export type ConsentRequest = z.infer<typeof ConsentRequestSchema>;

export const PRIVACY_ACTIVITY_KINDS = ['push', 'check-now', 'consent', 'enroll', 'unenroll'] as const;
export type PrivacyActivityKind = (typeof PRIVACY_ACTIVITY_KINDS)[number];

/** One line of the local activity log: what happened, when, who asked, and how it ended. */
export const PrivacyActivitySchema = z.strictObject({
  at: isoTime,
  kind: z.enum(PRIVACY_ACTIVITY_KINDS),
  /** Who asked (`schedule`, `vigil push`, `tray (uid 1000, pid 4242)`…); self-reported ids are marked so. */
  requester: z.string().max(200),
  /** `delivered`, `queued: VIGIL_PUSH_UNREACHABLE`, `accepted`, `refused: …`. */
  outcome: z.string().max(500),
});
export type PrivacyActivity = z.infer<typeof PrivacyActivitySchema>;

/**
 * `GET /v1/privacy`: the statement, the last report as it was actually sent (the decoded payload
 * of the signed evidence), and the local activity log, newest first.
 */
export const PrivacyViewSchema = z.strictObject({
  statement: z.strictObject({ version: z.string(), text: z.string() }),
  lastReport: z.strictObject({ sentAt: isoTime, claims: EvidenceClaimsSchema }).nullable(),
  activity: z.array(PrivacyActivitySchema).max(1000),
});
export type PrivacyView = z.infer<typeof PrivacyViewSchema>;
