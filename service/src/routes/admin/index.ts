/** Admin API: every route requires the admin bearer token. */
import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../context.js';
import { ServiceError } from '../../errors.js';
import { adminAuthHook } from '../../plugins/admin-auth.js';
import { ADMIN_SECURITY, errorResponses } from '../schemas.js';
import { registerAdminDeviceRoutes } from './devices.js';
import { registerPolicyRoutes } from './policy.js';
import { registerTokenRoutes } from './tokens.js';

export function registerAdminRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const onRequest = adminAuthHook(ctx);
  registerTokenRoutes(app, ctx, onRequest);
  registerAdminDeviceRoutes(app, ctx, onRequest);
  registerPolicyRoutes(app, ctx, onRequest);
  app.post(
    '/v1/admin/keys/rotate',
    {
      onRequest,
      schema: {
        summary:
          'Rotate the result-signing key: published now, signing from activatesAt; the previous key stays in the JWKS for a day',
        tags: ['admin'],
        security: ADMIN_SECURITY,
        response: {
          200: {
            type: 'object',
            properties: {
              kid: { type: 'string' },
              activatesAt: { type: 'string', format: 'date-time', description: 'when the new key starts signing' },
              published: { type: 'array', items: { type: 'string' } },
            },
          },
          ...errorResponses(401),
        },
      },
    },
    async (request) => {
      const kid = await ctx.keys.rotate(ctx.now());
      const activatesAt = ctx.keys.activatesAt(kid)?.toISOString();
      request.log.info({ kid, activates_at: activatesAt }, 'result signing key rotated');
      return { kid, activatesAt, published: publishedKids(ctx) };
    },
  );
  app.delete<{ Params: { kid: string } }>(
    '/v1/admin/keys/:kid',
    {
      onRequest,
      schema: {
        summary:
          'Drop a result-signing key that may be compromised: unpublished and unused at once; if it was signing, a new key signs immediately',
        tags: ['admin'],
        security: ADMIN_SECURITY,
        params: {
          type: 'object',
          required: ['kid'],
          properties: { kid: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' } },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              dropped: { type: 'string' },
              signing: { type: 'string', description: 'the key that signs from now on' },
              published: { type: 'array', items: { type: 'string' } },
            },
          },
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const outcome = await ctx.keys.drop(request.params.kid, ctx.now());
      if (!outcome) throw new ServiceError(404, 'VIGIL_ADMIN_KEY_NOT_FOUND', 'no result-signing key with this kid');
      // warn: an operator needs to find this in the log when asking why results stopped verifying.
      request.log.warn({ kid: outcome.dropped, signing: outcome.signing }, 'result signing key dropped');
      return { ...outcome, published: publishedKids(ctx) };
    },
  );
}

const publishedKids = (ctx: ServiceContext) => ctx.keys.jwks().keys.map((k) => k.kid ?? '');
