/** GET/PUT /v1/admin/policy — the policy in force; replacements are validated with parsePolicy. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../context.js';
import { ADMIN_SECURITY, errorResponses, OpenObject } from '../schemas.js';

type Hook = (request: FastifyRequest) => Promise<void>;
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

export function registerPolicyRoutes(app: FastifyInstance, ctx: ServiceContext, onRequest: Hook): void {
  app.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_request, body, done) => done(null, body));

  const present = () => {
    const current = ctx.policy.get();
    return {
      policy: current.policy,
      hash: current.hash,
      source: current.source,
      updatedAt: current.updatedAt?.toISOString() ?? null,
      text: current.text,
    };
  };
  const response = {
    200: {
      type: 'object',
      properties: {
        policy: OpenObject,
        hash: { type: 'string', description: 'base64url SHA-256 of the canonical policy JSON; in every EAR' },
        source: { type: 'string', enum: ['default', 'stored'] },
        updatedAt: { type: ['string', 'null'] },
        text: { type: 'string' },
      },
    },
  };

  app.get(
    '/v1/admin/policy',
    {
      onRequest,
      schema: {
        summary: 'The policy in force',
        tags: ['admin'],
        security: ADMIN_SECURITY,
        response: { ...response, ...errorResponses(401) },
      },
    },
    async () => present(),
  );

  app.put<{ Body: unknown }>(
    '/v1/admin/policy',
    {
      onRequest,
      schema: {
        summary: 'Replace the policy (JSON object, or YAML text as application/yaml)',
        tags: ['admin'],
        security: ADMIN_SECURITY,
        consumes: ['application/json', ...YAML_TYPES],
        response: { ...response, ...errorResponses(400, 401, 413, 415) },
      },
    },
    async (request) => {
      const text = typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? null);
      const updated = await ctx.policy.replace(text, ctx.store, ctx.now());
      request.log.info({ policy_id: updated.policy.id, policy_hash: updated.hash }, 'policy replaced');
      return present();
    },
  );
}
