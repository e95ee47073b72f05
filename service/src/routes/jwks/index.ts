/** GET /.well-known/jwks.json — result-signing keys (ES256), current and recently rotated. */
import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../context.js';

export function registerJwksRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(
    '/.well-known/jwks.json',
    {
      schema: {
        summary: 'Public keys that sign attestation results (pin these in gateways)',
        tags: ['results'],
        response: {
          200: {
            type: 'object',
            required: ['keys'],
            properties: { keys: { type: 'array', items: { type: 'object', additionalProperties: true } } },
          },
        },
      },
    },
    async (_request, reply) => {
      // Short cache: after a rotation gateways must learn the new kid within minutes.
      void reply.header('cache-control', 'public, max-age=300');
      return ctx.keys.jwks();
    },
  );
}
