/** The service's endpoints as the agent uses them (see service/src/routes and docs/api.md). */
import type { z } from 'zod';
import { createHttpClient, type ClientSettings, type Endpoint, type HttpClient, type JsonResponse } from './client.js';
import {
  ChallengeResponseSchema,
  EnrollResponseSchema,
  EvidenceResponseSchema,
  RenewResponseSchema,
  UnenrollResponseSchema,
  type ChallengeResponse,
  type EnrollResponse,
  type EvidenceResponse,
} from './responses.js';

export const EVIDENCE_MEDIA_TYPE = 'application/eat+jwt';

export interface ServiceApi {
  challenge(): Promise<JsonResponse<ChallengeResponse>>;
  /** Idempotent by jti: a retry after a lost response gets the stored answer. */
  submitEvidence(jws: string, jti: string): Promise<JsonResponse<EvidenceResponse>>;
  renew(csrPem: string): Promise<JsonResponse<{ certificate: string }>>;
  /** A cheap unauthenticated GET: reachability and the server's clock. */
  probe(): Promise<{ status: number; serverDate: Date | null }>;
  close(): void;
}

export async function connectService(endpoint: Endpoint, settings: ClientSettings): Promise<ServiceApi> {
  const http: HttpClient = await createHttpClient(endpoint, settings);
  return {
    challenge: () => http.postJson('/v1/challenges', {}, ChallengeResponseSchema),
    submitEvidence: (jws, jti) =>
      http.postText('/v1/evidence', jws, EvidenceResponseSchema, {
        'content-type': EVIDENCE_MEDIA_TYPE,
        'idempotency-key': jti,
      }),
    renew: (csr) => http.postJson('/v1/renew', { csr }, RenewResponseSchema),
    probe: () => http.get('/.well-known/jwks.json'),
    close: () => http.close(),
  };
}

/** What a personal device declares at enrollment: its ownership and the consent it gave. */
export interface EnrollDeclaration {
  ownership?: 'managed' | 'personal';
  consent?: { statementVersion: string; acceptedAt: string };
}

/** Enrollment: TLS to the service (its CA given by the user), no client certificate yet. */
export async function enrollDevice(
  endpoint: Omit<Endpoint, 'clientCertPem' | 'clientKeyPem'>,
  settings: ClientSettings,
  request: { token: string; csr: string; deviceId?: string } & EnrollDeclaration,
): Promise<JsonResponse<EnrollResponse>> {
  const http = await createHttpClient(endpoint, settings);
  try {
    return await http.postJson('/v1/enroll', request, EnrollResponseSchema);
  } finally {
    http.close();
  }
}

/**
 * `POST /v1/unenroll` over mTLS: the service retires the device and refuses anything from it
 * afterwards. Not retried: a lost answer is settled by the next attempt seeing "retired".
 */
export async function unenrollDevice(
  endpoint: Endpoint,
  settings: ClientSettings,
): Promise<JsonResponse<z.infer<typeof UnenrollResponseSchema>>> {
  const http = await createHttpClient(endpoint, { ...settings, retries: 0 });
  try {
    return await http.postJson('/v1/unenroll', {}, UnenrollResponseSchema);
  } finally {
    http.close();
  }
}

export { PushError, PUSH_ERROR_CODES, type PushErrorCode } from './errors.js';
export type { ClientSettings, Endpoint, JsonResponse } from './client.js';
export type { EvidenceResponse, ChallengeResponse, EnrollResponse } from './responses.js';
