/** POST /v1/admin/enrollment-tokens — mint a one-time (or n-use) enrollment token. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../context.js';
import { mintToken } from '../../tokens.js';
import { ADMIN_SECURITY, DeviceIdSchema, errorResponses } from '../schemas.js';

export interface TokenRequest {
  ttlSeconds?: number;
  uses?: number;
  deviceId?: string;
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
        summary: 'Create an enrollment token (shown once)',
        tags: ['admin'],
        security: ADMIN_SECURITY,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ttlSeconds: { type: 'integer', minimum: 60, maximum: 30 * 86_400, default: 3600 },
            uses: { type: 'integer', minimum: 1, maximum: 100_000, default: 1 },
            deviceId: { ...DeviceIdSchema, description: 'bind the token to re-enrolling this device' },
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
            },
          },
          ...errorResponses(400, 401),
        },
      },
    },
    async (request, reply) => reply.status(201).send(await createEnrollmentToken(ctx, request.body ?? {}, ctx.now())),
  );
}
