/** Schemas of the service's answers: everything from the network is validated at the edge. */
import { z } from 'zod';

export const ServiceProblemSchema = z.object({ code: z.string().max(128), message: z.string().max(2000) });

export const EnrollResponseSchema = z.object({
  deviceId: z.string().min(1).max(128),
  certificate: z
    .string()
    .min(1)
    .max(64 * 1024),
  caCertificates: z.union([z.string(), z.array(z.string())]).optional(),
});
export type EnrollResponse = z.infer<typeof EnrollResponseSchema>;

export const RenewResponseSchema = z.object({
  certificate: z
    .string()
    .min(1)
    .max(64 * 1024),
});

export const ChallengeResponseSchema = z.object({
  nonce: z.string().min(10).max(128),
  expiresAt: z.string().optional(),
});
export type ChallengeResponse = z.infer<typeof ChallengeResponseSchema>;

/**
 * `verdict` is kept as the service sent it (the agent shows it, the service owns its shape);
 * only the fields the agent relies on are checked here.
 */
export const EvidenceResponseSchema = z.object({
  verdict: z
    .object({
      status: z.enum(['compliant', 'warning', 'noncompliant', 'unknown']),
      policyId: z.string().optional(),
      checks: z.array(z.object({ check: z.string(), result: z.string() }).loose()).optional(),
    })
    .loose(),
  ear: z
    .string()
    .max(64 * 1024)
    .nullable()
    .optional(),
  nextReportSeconds: z
    .number()
    .int()
    .min(1)
    .max(86_400 * 7)
    .optional(),
});
export type EvidenceResponse = z.infer<typeof EvidenceResponseSchema>;

/** `POST /v1/unenroll`: the device is retired. */
export const UnenrollResponseSchema = z.object({
  deviceId: z.string().min(1).max(128),
  status: z.literal('retired'),
});
