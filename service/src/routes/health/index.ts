/** GET /healthz (liveness + database) and GET /metrics (Prometheus text). */
import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../context.js';

export function registerHealthRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness and database reachability',
        tags: ['operations'],
        response: { 200: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } } },
      },
    },
    async () => {
      await ctx.store.ping();
      return { status: 'ok' };
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
