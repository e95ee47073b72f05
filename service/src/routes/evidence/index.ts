/**
 * POST /v1/evidence (mTLS). Order: identity (onRequest: registry, before the body is read) →
 * content type → Idempotency-Key (same key + same body → the stored response, also for a retry
 * after a lost response; same key + other body → 422; concurrent duplicate → 409) → ingest.
 * Final responses, rejections included, are stored under the key; internal errors are not, so a
 * retry can succeed.
 */
import { createHash } from 'node:crypto';
import { REPORT_ID_PATTERN } from '@vigil/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../context.js';
import { ServiceError } from '../../errors.js';
import { authenticated, deviceAuthHook } from '../../plugins/device-auth.js';
import { toServiceError } from '../../plugins/error-handler.js';
import { errorResponses, MTLS_SECURITY, OpenObject } from '../schemas.js';
import { ingestEvidence } from './ingest.js';

export const EVIDENCE_MEDIA_TYPE = 'application/eat+jwt';
/** A request cannot live longer than this; an older in-progress marker is a crash leftover. */
const IN_PROGRESS_STALE_MS = 60_000;

async function requireEvidenceMediaType(request: FastifyRequest): Promise<void> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== EVIDENCE_MEDIA_TYPE) {
    throw new ServiceError(415, 'VIGIL_EVIDENCE_CONTENT_TYPE', `Content-Type must be ${EVIDENCE_MEDIA_TYPE}`);
  }
}

export function registerEvidenceRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.addContentTypeParser(EVIDENCE_MEDIA_TYPE, { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post<{ Body: string }>(
    '/v1/evidence',
    {
      onRequest: [deviceAuthHook(ctx), requireEvidenceMediaType],
      schema: {
        summary: 'Submit a signed evidence report (EAT compact JWS) and receive verdict + EAR (mTLS)',
        tags: ['evidence'],
        security: MTLS_SECURITY,
        consumes: [EVIDENCE_MEDIA_TYPE],
        headers: {
          type: 'object',
          properties: { 'idempotency-key': { type: 'string', description: 'equals the report jti' } },
        },
        body: { type: 'string', description: 'compact JWS: header {alg PS256|RS256, typ eat+jwt, kid}' },
        response: {
          200: {
            type: 'object',
            required: ['verdict', 'ear', 'nextReportSeconds', 'challenged', 'warnings'],
            properties: {
              verdict: OpenObject,
              ear: { type: ['string', 'null'], description: 'EAR JWT; null for unchallenged reports' },
              earExpiresAt: { type: ['string', 'null'], format: 'date-time' },
              challenged: { type: 'boolean' },
              nextReportSeconds: { type: 'integer' },
              warnings: { type: 'array', items: { type: 'string' } },
            },
          },
          ...errorResponses(400, 401, 403, 409, 413, 415, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const device = authenticated(request);
      const key = request.headers['idempotency-key'];
      if (key === undefined)
        throw new ServiceError(400, 'VIGIL_IDEMPOTENCY_KEY_MISSING', 'Idempotency-Key header is required');
      if (typeof key !== 'string' || !REPORT_ID_PATTERN.test(key)) {
        throw new ServiceError(
          400,
          'VIGIL_IDEMPOTENCY_KEY_INVALID',
          'Idempotency-Key must be 8–128 characters of [A-Za-z0-9._:-]',
        );
      }
      const started = performance.now();
      const bodyHash = createHash('sha256').update(request.body).digest('base64url');
      const now = ctx.now();
      const begin = await ctx.store.beginIdempotent({
        deviceId: device.id,
        key,
        bodyHash,
        now,
        staleAfterMs: IN_PROGRESS_STALE_MS,
      });
      if (begin.state === 'replay') {
        return reply
          .status(begin.statusCode)
          .header('idempotent-replayed', 'true')
          .type('application/json; charset=utf-8')
          .send(begin.body);
      }
      if (begin.state === 'mismatch') {
        throw new ServiceError(
          422,
          'VIGIL_IDEMPOTENCY_KEY_REUSED',
          'Idempotency-Key was already used with a different body',
        );
      }
      if (begin.state === 'in-progress') {
        throw new ServiceError(
          409,
          'VIGIL_IDEMPOTENCY_IN_PROGRESS',
          'a request with this Idempotency-Key is still being processed',
        );
      }
      try {
        const body = await ingestEvidence(ctx, device, request.body, key);
        return reply.status(200).type('application/json; charset=utf-8').send(body);
      } catch (error) {
        const mapped = toServiceError(error);
        if (mapped.statusCode < 500) {
          const stored = JSON.stringify({ ...mapped.details, code: mapped.code, message: mapped.message });
          await ctx.store.completeIdempotent({ deviceId: device.id, key, statusCode: mapped.statusCode, body: stored });
        } else {
          await ctx.store.abandonIdempotent({ deviceId: device.id, key });
        }
        throw mapped;
      } finally {
        ctx.metrics.observeIngest((performance.now() - started) / 1000);
      }
    },
  );
}
