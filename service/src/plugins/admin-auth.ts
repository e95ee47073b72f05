/** Admin routes: `Authorization: Bearer vgl_adm_…`, verified by hash in constant time. */
import type { FastifyRequest } from 'fastify';
import type { ServiceContext } from '../context.js';
import { ServiceError } from '../errors.js';
import { parseToken } from '../tokens.js';

export function adminAuthHook(ctx: ServiceContext) {
  return async function requireAdmin(request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([^\s]+)$/i.exec(header) : null;
    const parsed = parseToken(match?.[1], 'adm');
    if (!parsed || !(await ctx.store.verifyAdminToken(parsed.id, parsed.secretHash, 'admin'))) {
      throw new ServiceError(401, 'VIGIL_ADMIN_UNAUTHORIZED', 'a valid admin bearer token is required', {
        headers: { 'www-authenticate': 'Bearer realm="vigil-admin"' },
      });
    }
  };
}
