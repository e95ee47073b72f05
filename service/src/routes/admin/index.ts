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
        summary: 'Rotate the result-signing key; the previous key stays in the JWKS for a day',
        tags: ['admin'],
        security: ADMIN_SECURITY,
        response: {
          200: {
            type: 'object',
            properties: { kid: { type: 'string' }, published: { type: 'array', items: { type: 'string' } } },
          },
          ...errorResponses(401),
        },
      },
    },
    async (request) => {
      const kid = await ctx.keys.rotate(ctx.now());
      request.log.info({ kid }, 'result signing key rotated');
      return { kid, published: ctx.keys.jwks().keys.map((k) => k.kid ?? '') };
    },
  );
}
