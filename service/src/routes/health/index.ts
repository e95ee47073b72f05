/**
 * GET /healthz (liveness), GET /readyz (readiness) and GET /metrics (Prometheus text).
 * Liveness never touches the database: a database outage must not get every replica restarted.
 * Readiness asks the store (reachable, at the schema this process migrated to) and turns 503
 * while the replica drains.
 */
import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../context.js';
import { ServiceError } from '../../errors.js';
import { errorResponses } from '../schemas.js';

export function registerHealthRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness: the process answers (no database access)',
        tags: ['operations'],
        response: { 200: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } } },
      },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Readiness for a load balancer: database reachable and migrated, not draining',
        tags: ['operations'],
        response: {
          200: { type: 'object', properties: { status: { type: 'string', enum: ['ready'] } } },
          ...errorResponses(503),
        },
      },
    },
    async (request) => {
      if (ctx.readiness.draining)
        throw new ServiceError(503, 'VIGIL_SERVICE_DRAINING', 'this replica is shutting down');
      try {
        await ctx.store.ping();
      } catch (error) {
        // Message and code only: a driver error may carry connection details.
        const { message, code } = error as { message?: string; code?: string };
        request.log.warn({ reason: message, code }, 'store not ready');
        throw new ServiceError(
          503,
          'VIGIL_SERVICE_STORE_UNAVAILABLE',
          'the database is not reachable or not migrated',
          {
            cause: error,
          },
        );
      }
      return { status: 'ready' };
    },
  );

  app.get(
    '/metrics',
    { schema: { summary: 'Prometheus metrics (text format 0.0.4)', tags: ['operations'], produces: ['text/plain'] } },
    async (_request, reply) => {
      const devices = await ctx.store.countDevicesByState({
        now: ctx.now(),
        staleAfterIntervals: ctx.settings.staleAfterIntervals,
        defaultIntervalSeconds: ctx.policy.get().policy.reportIntervalMinutes * 60,
      });
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(ctx.metrics.render(devices));
    },
  );
}
