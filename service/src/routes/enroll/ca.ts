/**
 * GET /v1/enroll/ca — the trust anchors, unauthenticated. Public data: an agent enrolling from a
 * code fetches this, keeps only the certificate whose SHA-256 matches the code's `c`, and pins
 * it; nothing else in this answer is trusted until enrollment over the pinned connection.
 */
import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../context.js';
import { errorResponses } from '../schemas.js';

export function registerEnrollmentCaRoute(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(
    '/v1/enroll/ca',
    {
      schema: {
        summary: 'Trust anchors for enrollment from a code (public; the code pins one by SHA-256)',
        tags: ['devices'],
        response: {
          200: {
            type: 'object',
            required: ['caCertificates'],
            properties: {
              caCertificates: {
                type: 'array',
                items: { type: 'string' },
                description: 'PEM certificates: the device CA and the CA of the server TLS certificate',
              },
            },
          },
          ...errorResponses(404),
        },
      },
    },
    async (_request, reply) => {
      // Public and rarely changing; agents must not depend on a cache, but proxies may hold it briefly.
      void reply.header('cache-control', 'public, max-age=300');
      return { caCertificates: [...ctx.caCertificates] };
    },
  );
}
