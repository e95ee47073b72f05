/**
 * POST /v1/enroll — one-time token + CSR (+ ownership, and consent for personal devices) →
 * device certificate. No client certificate needed.
 * POST /v1/renew — mTLS; a fresh CSR (new key recommended) → a new certificate for the same
 * device. Banned and retired devices are refused by the mTLS guard before reaching the handler.
 * GET /v1/enroll/ca and POST /v1/unenroll: see ca.ts and unenroll.ts.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { parseCsr } from '../../ca/csr.js';
import type { ServiceContext } from '../../context.js';
import { ServiceError } from '../../errors.js';
import { authenticated, deviceAuthHook } from '../../plugins/device-auth.js';
import type { EnrollFailure, Ownership } from '../../store/types.js';
import { parseToken } from '../../tokens.js';
import { CertificateResponse, DeviceIdSchema, errorResponses, MTLS_SECURITY } from '../schemas.js';
import { registerEnrollmentCaRoute } from './ca.js';
import { certificateBody, issueDeviceCertificate } from './issue.js';
import { ConsentSchema, ownershipAndConsent, OwnershipSchema, type ConsentBody } from './ownership.js';
import { registerUnenrollRoute } from './unenroll.js';

interface EnrollBody {
  token: string;
  csr: string;
  deviceId?: string;
  ownership?: Ownership;
  consent?: ConsentBody;
}

const ENROLL_FAILURES: Record<EnrollFailure, [number, string, string]> = {
  'token-invalid': [401, 'VIGIL_ENROLL_TOKEN_INVALID', 'enrollment token is not valid'],
  'token-expired': [401, 'VIGIL_ENROLL_TOKEN_EXPIRED', 'enrollment token has expired'],
  'token-used': [401, 'VIGIL_ENROLL_TOKEN_USED', 'enrollment token has already been used'],
  'token-identity': [403, 'VIGIL_ENROLL_TOKEN_IDENTITY', 'enrollment token is not for this device identity'],
  'token-ownership': [
    403,
    'VIGIL_ENROLL_TOKEN_OWNERSHIP',
    'this enrollment code is for a device of the other ownership (managed or personal): ask IT for the right code',
  ],
  'device-active': [409, 'VIGIL_ENROLL_DEVICE_ACTIVE', 'device is already enrolled and active; retire it first'],
  'device-banned': [403, 'VIGIL_ENROLL_DEVICE_BANNED', 'device is banned'],
  'key-in-use': [409, 'VIGIL_ENROLL_KEY_IN_USE', 'this key already belongs to an enrolled device'],
};

const rejectEnroll = (reason: EnrollFailure) => {
  const [status, code, message] = ENROLL_FAILURES[reason];
  return new ServiceError(status, code, message);
};

export function registerEnrollmentRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const limits = { minRsaBits: ctx.settings.minRsaBits, maxRsaBits: ctx.settings.maxRsaBits };

  registerEnrollmentCaRoute(app, ctx);
  registerUnenrollRoute(app, ctx);

  app.post<{ Body: EnrollBody }>(
    '/v1/enroll',
    {
      schema: {
        summary: 'Enroll a device with a one-time token and a PKCS#10 CSR',
        tags: ['devices'],
        body: {
          type: 'object',
          required: ['token', 'csr'],
          additionalProperties: false,
          properties: {
            token: { type: 'string', maxLength: 200 },
            csr: { type: 'string', maxLength: 16384, description: 'PEM CERTIFICATE REQUEST, RSA 2048–8192' },
            deviceId: {
              ...DeviceIdSchema,
              description: 're-enrollment of an existing device (token must be bound to it)',
            },
            ownership: OwnershipSchema,
            consent: ConsentSchema,
          },
        },
        response: {
          201: { ...CertificateResponse, required: [...CertificateResponse.required, 'deviceId'] },
          ...errorResponses(400, 401, 403, 409, 413),
        },
      },
    },
    async (request, reply) => {
      const now = ctx.now();
      const { ownership, consent } = ownershipAndConsent(request.body, now, ctx.settings.clockSkewSeconds);
      const token = parseToken(request.body.token, 'enr');
      if (!token) throw rejectEnroll('token-invalid');
      const precheck = await ctx.store.checkEnrollmentToken(token.id, token.secretHash, now);
      if (precheck !== 'ok') throw rejectEnroll(precheck);
      const csr = parseCsr(request.body.csr, limits);
      const deviceId = request.body.deviceId ?? randomUUID();
      const { issued, record } = issueDeviceCertificate(ctx, deviceId, csr, now);
      const outcome = await ctx.store.enroll({
        tokenId: token.id,
        tokenSecretHash: token.secretHash,
        deviceId,
        reenroll: request.body.deviceId !== undefined,
        certificate: record,
        ownership,
        consent,
        now,
      });
      if (!outcome.ok) throw rejectEnroll(outcome.reason);
      request.log.info(
        { device_id: deviceId, reenrolled: outcome.reenrolled, rsa_bits: csr.rsaBits, ownership },
        'device enrolled',
      );
      return reply.status(201).send({ deviceId, ...certificateBody(ctx, issued) });
    },
  );

  app.post<{ Body: { csr: string } }>(
    '/v1/renew',
    {
      onRequest: deviceAuthHook(ctx),
      schema: {
        summary: 'Renew the device certificate (mTLS)',
        tags: ['devices'],
        security: MTLS_SECURITY,
        body: {
          type: 'object',
          required: ['csr'],
          additionalProperties: false,
          properties: { csr: { type: 'string', maxLength: 16384 } },
        },
        response: { 200: CertificateResponse, ...errorResponses(400, 401, 403, 409, 413) },
      },
    },
    async (request) => {
      const device = authenticated(request);
      const now = ctx.now();
      const csr = parseCsr(request.body.csr, limits);
      const { issued, record } = issueDeviceCertificate(ctx, device.id, csr, now);
      const { ok } = await ctx.store.addCertificate(device.id, record, now);
      if (!ok) throw new ServiceError(409, 'VIGIL_RENEW_KEY_IN_USE', 'this key belongs to another device');
      request.log.info({ device_id: device.id }, 'device certificate renewed');
      return { deviceId: device.id, ...certificateBody(ctx, issued) };
    },
  );
}
