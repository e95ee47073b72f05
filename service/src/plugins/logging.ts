/**
 * pino options: static messages, details in fields, secrets redacted centrally. Request logs
 * carry method, route and remote address only; headers are never logged, and the paths below
 * catch anything a handler logs by mistake.
 */
import type { FastifyServerOptions } from 'fastify';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-vigil-test-client-cert"]',
  'req.headers["idempotency-key"]',
  'headers.authorization',
  'authorization',
  'token',
  '*.token',
  'csr',
  '*.csr',
  'key',
  '*.key',
  'privateKey',
  '*.privateKey',
  'secret',
  '*.secret',
];

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req: (request: { method: string; url: string; routeOptions?: { url?: string }; ip?: string }) => ({
        method: request.method,
        route: request.routeOptions?.url,
        remote_address: request.ip,
      }),
    },
  };
}
