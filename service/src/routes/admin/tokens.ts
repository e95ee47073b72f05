/**
 * POST /v1/admin/enrollment-tokens — mint a one-time (or n-use) enrollment token, and on request
 * the enrollment code (`vigil1.…`) that carries it with the service URL and the pinned CA.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../context.js';
import { badRequest } from '../../errors.js';
import { OWNERSHIPS, type Ownership } from '../../store/types.js';
import { mintToken } from '../../tokens.js';
import { makeEnrollmentCode, serviceUrlProblem } from '../enroll/code.js';
import { ADMIN_SECURITY, DeviceIdSchema, errorResponses } from '../schemas.js';

export interface TokenRequest {
  ttlSeconds?: number;
  uses?: number;
  deviceId?: string;
  code?: boolean;
  ownership?: Ownership;
  serverUrl?: string;
}

export async function createEnrollmentToken(ctx: ServiceContext, request: TokenRequest, now: Date) {
  const minted = mintToken('enr');
  const expiresAt = new Date(now.getTime() + (request.ttlSeconds ?? 3600) * 1000);
  const uses = request.uses ?? 1;
  await ctx.store.createEnrollmentToken({
    id: minted.id,
    secretHash: minted.secretHash,
    expiresAt,
    uses,
    deviceId: request.deviceId,
    // A code says which ownership to enroll with; the token holds the device to it.
    ...(request.code ? { ownership: request.ownership ?? 'managed' } : {}),
    now,
  });
  return {
    token: minted.token,
    id: minted.id,
    expiresAt: expiresAt.toISOString(),
    uses,
    deviceId: request.deviceId ?? null,
  };
}

/** Checks a code request before any token exists; returns the service URL to put in the code. */
function codeServerUrl(body: TokenRequest, request: FastifyRequest): string | undefined {
  if (!body.code) {
    if (body.ownership !== undefined || body.serverUrl !== undefined)
      throw badRequest('VIGIL_HTTP_VALIDATION', 'invalid request: ownership and serverUrl apply only with code: true');
    return undefined;
  }
  // An agent enrolling from a code sends no device id, so a token bound to one could never work.
  if (body.deviceId !== undefined)
    throw badRequest('VIGIL_HTTP_VALIDATION', 'invalid request: a code cannot carry a device-bound token');
  // Default: the address this admin used to reach the service.
  const serverUrl = body.serverUrl ?? `${request.protocol}://${request.host}`;
  const problem = serviceUrlProblem(serverUrl);
  if (problem) {
    const hint = body.serverUrl === undefined ? ' (pass serverUrl: this request did not come over https)' : '';
    throw badRequest('VIGIL_HTTP_VALIDATION', `invalid request: serverUrl ${problem}${hint}`);
  }
  return serverUrl;
}

export function registerTokenRoutes(
  app: FastifyInstance,
  ctx: ServiceContext,
  onRequest: (request: FastifyRequest) => Promise<void>,
): void {
  app.post<{ Body: TokenRequest | undefined }>(
    '/v1/admin/enrollment-tokens',
    {
      onRequest,
      schema: {
        summary: 'Create an enrollment token (shown once), optionally as an enrollment code',
        tags: ['admin'],
        security: ADMIN_SECURITY,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ttlSeconds: { type: 'integer', minimum: 60, maximum: 30 * 86_400, default: 3600 },
            uses: { type: 'integer', minimum: 1, maximum: 100_000, default: 1 },
            deviceId: { ...DeviceIdSchema, description: 'bind the token to re-enrolling this device' },
            code: {
              type: 'boolean',
              description: 'also return the enrollment code (vigil1.…) for `vigil enroll --code`',
            },
            ownership: {
              type: 'string',
              enum: [...OWNERSHIPS],
              description: 'with code: the ownership the agent enrolls with (default managed)',
            },
            serverUrl: {
              type: 'string',
              maxLength: 2048,
              description: 'with code: the https URL agents reach the service at (default: the URL of this request)',
            },
          },
        },
        response: {
          201: {
            type: 'object',
            properties: {
              token: { type: 'string' },
              id: { type: 'string' },
              expiresAt: { type: 'string', format: 'date-time' },
              uses: { type: 'integer' },
              deviceId: { type: ['string', 'null'] },
              code: { type: 'string', description: 'only when asked: vigil1.<base64url JSON {u, t, c, o}>' },
              ownership: { type: 'string', enum: [...OWNERSHIPS], description: 'only with code' },
            },
          },
          ...errorResponses(400, 401),
        },
      },
    },
    async (request, reply) => {
      const body = request.body ?? {};
      const serverUrl = codeServerUrl(body, request);
      const created = await createEnrollmentToken(ctx, body, ctx.now());
      if (serverUrl === undefined) return reply.status(201).send(created);
      const ownership = body.ownership ?? 'managed';
      const code = await makeEnrollmentCode({
        serverUrl,
        token: created.token,
        trustAnchorPem: ctx.enrollmentTrustAnchor,
        ownership,
      });
      return reply.status(201).send({ ...created, code, ownership });
    },
  );
}
