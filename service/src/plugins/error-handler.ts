/**
 * Every error leaves as `{code, message}` (plus documented details) with a stable code. Our own
 * ServiceErrors pass through; fastify's transport errors are mapped; anything else is a 500
 * with a generic message, logged with its stack but never sent.
 */
import { PolicyError } from '@vigil/shared';
import type { FastifyError, FastifyInstance } from 'fastify';
import { ServiceError } from '../errors.js';
import type { Metrics } from './metrics.js';

const FASTIFY_CODES: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'VIGIL_HTTP_BODY_TOO_LARGE', 'request body is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'VIGIL_HTTP_UNSUPPORTED_MEDIA_TYPE', 'unsupported content type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'VIGIL_HTTP_BAD_REQUEST', 'content length does not match the body'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'VIGIL_HTTP_MALFORMED_JSON', 'JSON body is empty'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'VIGIL_HTTP_MALFORMED_JSON', 'JSON body is not valid'],
};

export function installErrorHandling(app: FastifyInstance, metrics: Metrics): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    const mapped = toServiceError(error);
    if (mapped.statusCode >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else {
      request.log.info({ code: mapped.code, status: mapped.statusCode }, 'request rejected');
    }
    metrics.countRejection(mapped.code);
    void reply
      .status(mapped.statusCode)
      .headers(mapped.headers)
      .type('application/json; charset=utf-8')
      .send({ ...mapped.details, code: mapped.code, message: mapped.message });
  });
  app.setNotFoundHandler((request, reply) => {
    metrics.countRejection('VIGIL_HTTP_NOT_FOUND');
    void reply
      .status(404)
      .send({ code: 'VIGIL_HTTP_NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` });
  });
}

export function toServiceError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  if (error instanceof PolicyError) {
    return new ServiceError(400, error.code, error.message, { details: { problems: error.problems } });
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation) {
    return new ServiceError(400, 'VIGIL_HTTP_VALIDATION', `invalid request: ${fastifyError.message ?? ''}`);
  }
  const known = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (known) return new ServiceError(known[0], known[1], known[2]);
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500)
    return new ServiceError(status, 'VIGIL_HTTP_BAD_REQUEST', 'request rejected');
  // Not a bug but a full disk under the store: say so (the operator must free space) and that it
  // is temporary, so an agent keeps the report queued and sends it again later.
  if (isStoreFull(error)) {
    const message = 'the service cannot store data: its disk is full; retry later';
    return new ServiceError(503, 'VIGIL_STORE_DISK_FULL', message, { cause: error });
  }
  return new ServiceError(500, 'VIGIL_INTERNAL', 'internal error', { cause: error });
}

/** SQLite's SQLITE_FULL (or ENOSPC from the WAL), PostgreSQL's disk_full (SQLSTATE 53100). */
function isStoreFull(error: unknown): boolean {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const message = error instanceof Error ? error.message : '';
  return code === 'SQLITE_FULL' || code === '53100' || /ENOSPC|database or disk is full/.test(message);
}
