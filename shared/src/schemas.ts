/**
 * JSON Schemas published for integrators, generated from the zod schemas (the source of truth).
 * `npm run schemas` writes them to shared/schemas/; `npm run schemas:check` fails on drift.
 */
import { z } from 'zod';
import { POSTURE_REPORT_SCHEMA_ID, PostureReportSchema } from './posture.js';
import { POLICY_SCHEMA_ID, PolicySchema } from './policy/schema.js';
import { VerdictSchema } from './policy/verdict.js';
import { AGENT_STATUS_SCHEMA_ID, AgentStatusSchema, ConsentRequestSchema, PrivacyViewSchema } from './status.js';

export const CHECK_OUTPUT_SCHEMA_ID = 'https://vigil.dev/schemas/check-output/v1.json';
export const VERDICT_SCHEMA_ID = 'https://vigil.dev/schemas/verdict/v1.json';
export const AGENT_PRIVACY_SCHEMA_ID = 'https://vigil.dev/schemas/agent-privacy/v1.json';
export const AGENT_CONSENT_REQUEST_SCHEMA_ID = 'https://vigil.dev/schemas/agent-consent-request/v1.json';

/** What `vigil check --json` prints. */
export const CheckOutputSchema = z.strictObject({ report: PostureReportSchema, verdict: VerdictSchema });

function toSchema(schema: z.ZodType, id: string, io: 'input' | 'output'): Record<string, unknown> {
  return { ...z.toJSONSchema(schema, { target: 'draft-2020-12', io }), $id: id };
}

/** File name → JSON Schema document. Policies are validated as written, so `io: input`. */
export function publishedSchemas(): Record<string, Record<string, unknown>> {
  return {
    'posture-report.schema.json': toSchema(PostureReportSchema, POSTURE_REPORT_SCHEMA_ID, 'output'),
    'verdict.schema.json': toSchema(VerdictSchema, VERDICT_SCHEMA_ID, 'output'),
    'check-output.schema.json': toSchema(CheckOutputSchema, CHECK_OUTPUT_SCHEMA_ID, 'output'),
    'policy.schema.json': toSchema(PolicySchema, POLICY_SCHEMA_ID, 'input'),
    'agent-status.schema.json': toSchema(AgentStatusSchema, AGENT_STATUS_SCHEMA_ID, 'output'),
    'agent-privacy.schema.json': toSchema(PrivacyViewSchema, AGENT_PRIVACY_SCHEMA_ID, 'output'),
    'agent-consent-request.schema.json': toSchema(ConsentRequestSchema, AGENT_CONSENT_REQUEST_SCHEMA_ID, 'input'),
  };
}
