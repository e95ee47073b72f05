/**
 * Admin device registry: list, inspect, ban/unban/retire, resync after a fork. Every device and
 * report goes out through device-view.ts: personal devices show verdicts only.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../context.js';
import { ServiceError } from '../../errors.js';
import { DEVICE_STATUSES, type DeviceRecord, type DeviceStatus } from '../../store/types.js';
import { retireDevice } from '../devices/retire.js';
import { ADMIN_SECURITY, DeviceIdSchema, errorResponses, OpenObject } from '../schemas.js';
import { adminDeviceView, adminReportView, visibilityOf } from './device-view.js';

type Hook = (request: FastifyRequest) => Promise<void>;
const idParams = { type: 'object', required: ['id'], properties: { id: DeviceIdSchema } } as const;
const notFound = () => new ServiceError(404, 'VIGIL_ADMIN_DEVICE_NOT_FOUND', 'no such device');

export function registerAdminDeviceRoutes(app: FastifyInstance, ctx: ServiceContext, onRequest: Hook): void {
  app.get<{ Querystring: { status?: DeviceStatus; limit: number; after?: string } }>(
    '/v1/admin/devices',
    {
      onRequest,
      schema: {
        summary: 'List devices with status, staleness and last seen',
        tags: ['admin'],
        security: ADMIN_SECURITY,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: [...DEVICE_STATUSES] },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
            after: { type: 'string', maxLength: 64, description: 'cursor: the last id of the previous page' },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: { devices: { type: 'array', items: OpenObject }, next: { type: ['string', 'null'] } },
          },
          ...errorResponses(400, 401),
        },
      },
    },
    async (request) => {
      const now = ctx.now();
      const { limit } = request.query;
      const devices = await ctx.store.listDevices({ ...request.query, limit });
      return {
        devices: devices.map((d) => adminDeviceView(ctx, d, now)),
        next: devices.length === limit ? (devices.at(-1)?.id ?? null) : null,
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/admin/devices/:id',
    {
      onRequest,
      schema: {
        summary:
          'One device: latest report with verdict (and raw posture for managed devices only), history, certificates',
        tags: ['admin'],
        security: ADMIN_SECURITY,
        params: idParams,
        response: { 200: OpenObject, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const now = ctx.now();
      const device = await ctx.store.getDevice(request.params.id);
      if (!device) throw notFound();
      const [reports, certificates] = await Promise.all([
        ctx.store.listReports(device.id, 50),
        ctx.store.listCertificates(device.id),
      ]);
      const visibility = visibilityOf(device);
      return {
        device: adminDeviceView(ctx, device, now),
        latest: reports[0] ? adminReportView(reports[0], true, visibility) : null,
        history: reports.map((r) => adminReportView(r, false, visibility)),
        certificates: certificates.map((c) => ({
          thumbprint: c.thumbprint,
          serial: c.serialHex,
          status: c.status,
          notBefore: c.notBefore.toISOString(),
          notAfter: c.notAfter.toISOString(),
          issuedAt: c.issuedAt.toISOString(),
        })),
      };
    },
  );

  const action = (
    name: string,
    summary: string,
    apply: (id: string, reason: string | null) => Promise<DeviceRecord | undefined>,
    /** CAEP `reason_admin` when this action takes access away from the device. */
    revokes?: string,
  ) =>
    app.post<{ Params: { id: string }; Body: { reason?: string } | undefined }>(
      `/v1/admin/devices/:id/${name}`,
      {
        onRequest,
        // The body is optional: validate an empty object when none was sent.
        preValidation: async (request) => {
          request.body ??= {};
        },
        schema: {
          summary,
          tags: ['admin'],
          security: ADMIN_SECURITY,
          params: idParams,
          body: {
            type: 'object',
            additionalProperties: false,
            properties: { reason: { type: 'string', maxLength: 500 } },
          },
          response: { 200: OpenObject, ...errorResponses(400, 401, 404) },
        },
      },
      async (request) => {
        const device = await apply(request.params.id, request.body?.reason ?? null);
        if (!device) throw notFound();
        request.log.info({ device_id: device.id, action: name }, 'device changed by admin');
        // Gateways refuse the device's results issued before now on their next request.
        if (revokes)
          ctx.caep.emitComplianceChange({
            deviceId: device.id,
            status: 'not-compliant',
            reasonAdmin: revokes,
            timestamp: ctx.now(),
          });
        return adminDeviceView(ctx, device, ctx.now());
      },
    );

  action(
    'ban',
    'Ban a device: every mTLS request and renewal is refused, and CAEP receivers are told',
    (id, reason) => ctx.store.setDeviceStatus(id, 'banned', reason),
    'banned',
  );
  action('unban', 'Lift a ban', (id) => ctx.store.setDeviceStatus(id, 'active', null));
  action(
    'retire',
    'Retire a device (lost, replaced); allows re-enrollment with a bound token; CAEP receivers are told',
    (id, reason) => retireDevice(ctx, id, reason),
  );
  action('resync', 'After a fork or a database restore: the next challenged report re-anchors the chain', (id) =>
    ctx.store.requestResync(id),
  );
}
