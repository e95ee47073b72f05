/**
 * Express (4 and 5) middleware, typed structurally so the gateway does not depend on express:
 * express's `req`/`res` extend node's `IncomingMessage`/`ServerResponse`.
 *
 *   app.use(vigilExpress(options));                                  // every route
 *   app.get('/payroll', vigilExpress({ ...options, mandatoryChecks: ['disk.encryption'] }), handler);
 *   // in handlers: req.vigil.device.id
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { writeDecision } from '../http/respond.js';
import type { Decision } from '../verify/decision.js';
import { createVigilGuard, type VigilGuard, type VigilGuardOptions } from './guard.js';

export type ExpressLikeRequest = IncomingMessage & { vigil?: Decision };
export type ExpressLikeNext = (error?: unknown) => void;

export function vigilExpress(
  options: VigilGuardOptions | VigilGuard,
): (req: ExpressLikeRequest, res: ServerResponse, next: ExpressLikeNext) => void {
  const guard = 'decide' in options ? options : createVigilGuard(options);
  return (req, res, next) => {
    guard.decide(req).then(
      (decision) => {
        req.vigil = decision;
        if (decision.allow) next();
        else writeDecision(res, decision, req.headers.accept);
      },
      (error: unknown) => next(error),
    );
  };
}
