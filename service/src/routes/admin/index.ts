/** Admin API: every route requires the admin bearer token. */
import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../context.js';
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
      return { kid, activatesAt, published: ctx.keys.jwks().keys.map((k) => k.kid ?? '') };
    },
  );
}
