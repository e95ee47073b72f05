/**
 * GET /v1/devices/by-cert/:x5t/attestation-result?aud=AUD — background-check mode (RFC 9334
 * §5.2) for gateways (gateway/src/background/ear-source.ts): the device's latest challenged
 * verdict as an EAR bound to the certificate the gateway sees on its connection.
 *
 * The answer re-signs what that report's own EAR said — same `iat`, same `exp`, same verdict
 * and policy — so asking again never makes an old appraisal look fresh (a CAEP revocation
 * still covers it), with `cnf` set to the requested thumbprint and the device's *current* fork
 * state in the trust vector. Banned or retired devices, replaced or expired certificates and
 * expired results answer 404, like a device that never reported. A personal device's answer
 * carries per-check results without reasons, like its own EAR (see appraisal/result.ts).
 */
import { decodeJwt, type JWTPayload } from 'jose';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Verdict } from '@vigil/shared';
import { issueResult } from '../../appraisal/result.js';
import { trustVector } from '../../appraisal/trust-vector.js';
import type { ServiceContext } from '../../context.js';
import { ServiceError } from '../../errors.js';
import { parseToken } from '../../tokens.js';
import { errorResponses, GATEWAY_SECURITY } from '../schemas.js';

/** How far back to look for the latest challenged report (unchallenged ones may follow it). */
const SEARCH_REPORTS = 50;

const notFound = () =>
  new ServiceError(404, 'VIGIL_RESULT_NOT_FOUND', 'no current attestation result for this certificate');

export function gatewayAuthHook(ctx: ServiceContext) {
  return async function requireGateway(request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([^\s]+)$/i.exec(header) : null;
    const parsed = parseToken(match?.[1], 'gwy');
    if (!parsed || !(await ctx.store.verifyAdminToken(parsed.id, parsed.secretHash, 'gateway'))) {
      throw new ServiceError(401, 'VIGIL_GATEWAY_UNAUTHORIZED', 'a valid gateway bearer token is required', {
        headers: { 'www-authenticate': 'Bearer realm="vigil-gateway"' },
      });
    }
  };
}

export function registerBackgroundCheckRoute(app: FastifyInstance, ctx: ServiceContext): void {
  app.get<{ Params: { x5t: string }; Querystring: { aud: string } }>(
    '/v1/devices/by-cert/:x5t/attestation-result',
    {
      onRequest: gatewayAuthHook(ctx),
      schema: {
        summary: "Background check: the device's latest challenged result as an EAR bound to this certificate",
        tags: ['gateways'],
        security: GATEWAY_SECURITY,
        params: {
          type: 'object',
          required: ['x5t'],
          properties: {
            x5t: {
              type: 'string',
              pattern: '^[A-Za-z0-9_-]{43}$',
              description: 'x5t#S256: base64url SHA-256 of the client certificate (DER)',
            },
          },
        },
        querystring: {
          type: 'object',
          required: ['aud'],
          additionalProperties: false,
          properties: {
            aud: { type: 'string', minLength: 1, maxLength: 1024, description: "the gateway's EAR audience" },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['ear'],
            properties: { ear: { type: 'string', description: 'compact JWS (ear+jwt)' } },
          },
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const now = ctx.now();
      if (request.query.aud !== ctx.settings.audience) {
        throw new ServiceError(400, 'VIGIL_RESULT_AUDIENCE', 'results are issued for the configured audience only');
      }
      const identity = await ctx.store.findIdentity(request.params.x5t);
      if (!identity) throw notFound();
      const { certificate, device } = identity;
      const certUsable = certificate.status === 'active' && certificate.notBefore <= now && now <= certificate.notAfter;
      if (!certUsable || device.status !== 'active') throw notFound();
      const reports = await ctx.store.listReports(device.id, SEARCH_REPORTS);
      const latest = reports.find((r) => r.challenged && r.ear !== null);
      if (!latest?.ear || latest.ear.expiresAt <= now) throw notFound();

      const original = decodeJwt(latest.ear.token);
      const policy = original.vigil_policy as { id: string; hash: string };
      const verdict = JSON.parse(latest.verdictJson) as Verdict;
      const iat = original.iat as number;
      const result = await issueResult(
        {
          deviceId: device.id,
          certThumbprint: certificate.thumbprint,
          verdict,
          ownership: reasonsWithheld(original) ? 'personal' : device.ownership,
          vector: trustVector(verdict, { forked: device.forkedAt !== null }),
          policy: { id: policy.id, hash: policy.hash },
          issuer: ctx.settings.issuer,
          audience: ctx.settings.audience,
          lifetimeSeconds: (original.exp as number) - iat,
          now: new Date(iat * 1000),
        },
        ctx.keys.current(),
      );
      void reply.header('cache-control', 'no-store');
      return { ear: result.token };
    },
  );
}

/**
 * Whether the report's own EAR left the reasons out (the device was personal when it reported).
 * The answer never says more than that EAR did, even if the device has since re-enrolled as
 * managed; a device that is personal now gets none either way.
 */
function reasonsWithheld(original: JWTPayload): boolean {
  const checks = original.vigil_checks;
  if (typeof checks !== 'object' || checks === null) return false;
  return Object.values(checks).some((c) => typeof c === 'object' && c !== null && !('reason' in c));
}
