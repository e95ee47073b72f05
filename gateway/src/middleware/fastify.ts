/**
 * Fastify (v4/v5): an `onRequest` hook, typed structurally so the gateway does not depend on
 * fastify. Register the plugin for the whole app, or use the hook on chosen routes:
 *
 *   await app.register(vigilFastify, options);                    // every route
 *   app.get('/payroll', { onRequest: vigilFastifyHook({ ...options, mandatoryChecks: ['disk.encryption'] }) }, h);
 *   // in handlers: request.vigil.device.id
 */
import type { IncomingMessage } from 'node:http';
import type { Decision } from '../verify/decision.js';
import { createVigilGuard, type VigilGuard, type VigilGuardOptions } from './guard.js';

export interface FastifyLikeRequest {
  raw: IncomingMessage;
  headers: IncomingMessage['headers'];
  vigil?: Decision | null;
}

export interface FastifyLikeReply {
  code(status: number): FastifyLikeReply;
  headers(values: Record<string, string>): FastifyLikeReply;
  send(payload?: string): FastifyLikeReply;
}

export interface FastifyLikeInstance {
  decorateRequest(name: 'vigil', value: null): unknown;
  addHook(name: 'onRequest', hook: (request: FastifyLikeRequest, reply: FastifyLikeReply) => Promise<unknown>): unknown;
}

export function vigilFastifyHook(options: VigilGuardOptions | VigilGuard) {
  const guard = 'decide' in options ? options : createVigilGuard(options);
  return async (request: FastifyLikeRequest, reply: FastifyLikeReply): Promise<unknown> => {
    const decision = await guard.decide(request.raw);
    request.vigil = decision;
    if (decision.allow) return undefined;
    const { status, headers, body } = guard.render(decision, request.headers.accept);
    // Returning the reply after send() ends the hook chain (fastify's documented pattern).
    return reply.code(status).headers(headers).send(body);
  };
}

/** The plugin form. Marked skip-override so the hook covers the app it is registered on. */
export const vigilFastify = Object.assign(
  async (app: FastifyLikeInstance, options: VigilGuardOptions): Promise<void> => {
    app.decorateRequest('vigil', null);
    app.addHook('onRequest', vigilFastifyHook(options));
  },
  { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: 'vigil' },
);
