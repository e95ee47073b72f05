/** GET /v1/devices/self/result (mTLS) — the device's latest verdict and, while valid, its EAR. */
import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../context.js';
import { ServiceError } from '../../errors.js';
import { authenticated, deviceAuthHook } from '../../plugins/device-auth.js';
import { errorResponses, MTLS_SECURITY, OpenObject } from '../schemas.js';
import { registerBackgroundCheckRoute } from './by-cert.js';
import { presentDevice } from './present.js';

export function registerDeviceRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  registerBackgroundCheckRoute(app, ctx);
  app.get(
    '/v1/devices/self/result',
    {
      onRequest: deviceAuthHook(ctx),
      schema: {
        summary: 'Latest verdict and unexpired EAR for the calling device (mTLS)',
        tags: ['devices'],
        security: MTLS_SECURITY,
        response: {
          200: {
            type: 'object',
            properties: {
              device: OpenObject,
              verdict: OpenObject,
              reportedAt: { type: 'string', format: 'date-time' },
              seq: { type: 'integer' },
              ear: { type: ['string', 'null'] },
              earExpiresAt: { type: ['string', 'null'], format: 'date-time' },
            },
          },
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const device = authenticated(request);
      const now = ctx.now();
      const [latest] = await ctx.store.listReports(device.id, 1);
      if (!latest) throw new ServiceError(404, 'VIGIL_DEVICE_NO_REPORT', 'no report received from this device yet');
      const ear = latest.ear && latest.ear.expiresAt > now ? latest.ear : null;
      return {
        device: presentDevice(ctx, device.record, now),
        verdict: JSON.parse(latest.verdictJson) as unknown,
        reportedAt: latest.receivedAt.toISOString(),
        seq: latest.seq,
        ear: ear?.token ?? null,
        earExpiresAt: ear?.expiresAt.toISOString() ?? null,
      };
    },
  );
}
