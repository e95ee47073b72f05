/**
 * Plain node:http / node:https: wrap a request listener so it only runs for allowed devices.
 *
 *   https.createServer({ key, cert, ca: deviceCa, requestCert: true },
 *     vigilHttp(options, (req, res, decision) => { … decision.device.id … }));
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { writeDecision } from '../http/respond.js';
import type { Decision } from '../verify/decision.js';
import { createVigilGuard, type VigilGuard, type VigilGuardOptions } from './guard.js';

export type GuardedListener = (req: IncomingMessage, res: ServerResponse, decision: Decision) => void | Promise<void>;

export function vigilHttp(
  options: VigilGuardOptions | VigilGuard,
  handler: GuardedListener,
): (req: IncomingMessage, res: ServerResponse) => void {
  const guard = 'decide' in options ? options : createVigilGuard(options);
  return (req, res) => {
    void (async () => {
      const decision = await guard.decide(req);
      if (!decision.allow) return writeDecision(res, decision, req.headers.accept);
      await handler(req, res, decision);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
      // Surface the failure where node:http users look for it.
      res.emit('error', error);
    });
  };
}
