/** POST /v1/challenges (mTLS) — a 32-byte nonce bound to the device, valid ≤ 120 s. */
import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../context.js';
import { ServiceError } from '../../errors.js';
import { authenticated, deviceAuthHook } from '../../plugins/device-auth.js';
import { errorResponses, MTLS_SECURITY } from '../schemas.js';
import { nonceSource } from './nonce-source.js';
import { ChallengeLimiter } from './rate-limit.js';

export function registerChallengeRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const nextNonce = nonceSource();
  const limiter = new ChallengeLimiter(ctx.settings.challengeBurst, ctx.settings.challengeRefillPerMinute);
  app.post(
    '/v1/challenges',
    {
      onRequest: deviceAuthHook(ctx),
      schema: {
        summary: 'Get a fresh nonce for the next evidence report (mTLS)',
        tags: ['evidence'],
        security: MTLS_SECURITY,
        response: {
          201: {
            type: 'object',
            required: ['nonce', 'expiresAt'],
            properties: {
              nonce: { type: 'string', description: 'base64url, 32 bytes' },
              expiresAt: { type: 'string', format: 'date-time' },
            },
          },
          ...errorResponses(401, 403, 429),
        },
      },
    },
    async (request, reply) => {
      const device = authenticated(request);
      const now = ctx.now();
      const retryAfter = limiter.take(device.id, now.getTime());
      if (retryAfter > 0) {
        throw new ServiceError(429, 'VIGIL_CHALLENGE_RATE_LIMITED', 'too many challenges for this device', {
          headers: { 'retry-after': String(retryAfter) },
        });
      }
      const nonce = nextNonce();
      const expiresAt = new Date(now.getTime() + ctx.settings.nonceLifetimeSeconds * 1000);
      await ctx.store.createNonce({ nonce, deviceId: device.id, expiresAt });
      return reply.status(201).send({ nonce, expiresAt: expiresAt.toISOString() });
    },
  );
}
