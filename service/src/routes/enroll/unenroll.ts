/**
 * POST /v1/unenroll (mTLS, body `{}`) — the device leaves (`vigil unenroll`). It is marked
 * retired exactly as an admin retire would (CAEP receivers are told), so from then on its
 * certificate opens nothing: challenges, evidence, renewal and a second unenroll all get
 * `VIGIL_AUTH_DEVICE_RETIRED`, and gateways get no result for it.
 */
import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../context.js';
import { ServiceError } from '../../errors.js';
import { authenticated, deviceAuthHook } from '../../plugins/device-auth.js';
import { retireDevice } from '../devices/retire.js';
import { DeviceIdSchema, errorResponses, MTLS_SECURITY } from '../schemas.js';

export const UNENROLL_REASON = 'unenrolled by the device';

export function registerUnenrollRoute(app: FastifyInstance, ctx: ServiceContext): void {
  app.post<{ Body: Record<string, never> | undefined }>(
    '/v1/unenroll',
    {
      onRequest: deviceAuthHook(ctx),
      // `{}` is the documented body; an absent body means the same.
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        summary: 'Leave: the calling device is retired and its certificate refused from now on (mTLS)',
        tags: ['devices'],
        security: MTLS_SECURITY,
        body: { type: 'object', additionalProperties: false, properties: {} },
        response: {
          200: {
            type: 'object',
            required: ['deviceId', 'status'],
            properties: { deviceId: DeviceIdSchema, status: { type: 'string', enum: ['retired'] } },
          },
          ...errorResponses(400, 401, 403, 413),
        },
      },
    },
    async (request) => {
      const device = authenticated(request);
      const retired = await retireDevice(ctx, device.id, UNENROLL_REASON);
      // The device passed the mTLS guard a moment ago; only a concurrent delete could get here.
      if (!retired) throw new ServiceError(500, 'VIGIL_INTERNAL', 'device disappeared during unenroll');
      request.log.info({ device_id: device.id }, 'device unenrolled');
      return { deviceId: device.id, status: 'retired' as const };
    },
  );
}
