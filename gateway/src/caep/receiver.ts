/**
 * CAEP receiver: push delivery of SETs (RFC 8935) at `POST /caep/events`. A verified
 * `device-compliance-change` to `not-compliant` makes the revocation store refuse that device's
 * EARs issued at or before the event, effective on the very next request. Each `jti` is applied
 * once. Answers: 202 accepted (also for a duplicate, so a transmitter retrying after a lost
 * answer stops), 400 `{err, description}` for a SET that is refused, 405/413/415 for HTTP misuse.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KeySet } from '../verify/key-store.js';
import type { RevocationStore } from '../verify/revocation.js';
import { BodyTooLarge, readBody } from '../http/read-body.js';
import { JtiWindow } from './jti-window.js';
import { complianceChangeOf, SET_CONTENT_TYPE, type ComplianceChange } from './set-claims.js';
import { verifySet, type SetProblem } from './verify-set.js';

export interface CaepReceiverOptions {
  keys: KeySet;
  /** The compliance service's issuer (the same as for EARs). */
  issuer: string;
  /** This receiver's audience, as registered with the transmitter. */
  audience: string;
  revocations: RevocationStore;
  clockToleranceSeconds?: number;
  /** Older SETs are refused; this is also how long `jti`s are remembered. Default 3600. */
  maxAgeSeconds?: number;
  /** After an event was applied (logging, cache invalidation). */
  onEvent?: (event: ComplianceChange, jti: string) => void;
  now?: () => number;
}

export type SetOutcome =
  | { outcome: 'applied'; event: ComplianceChange }
  | { outcome: 'duplicate' | 'ignored' }
  | ({ outcome: 'refused' } & SetProblem);

export interface CaepReceiver {
  /** Verifies and applies one SET. */
  receive(token: string): Promise<SetOutcome>;
  /** The RFC 8935 HTTP endpoint around `receive`. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

const MAX_BODY = 64 * 1024;

export function createCaepReceiver(options: CaepReceiverOptions): CaepReceiver {
  const now = options.now ?? Date.now;
  const maxAgeSeconds = options.maxAgeSeconds ?? 3_600;
  const clockToleranceSeconds = options.clockToleranceSeconds ?? 30;
  const window = new JtiWindow((maxAgeSeconds + 2 * clockToleranceSeconds) * 1000);

  async function receive(token: string): Promise<SetOutcome> {
    const nowMs = now();
    const verified = await verifySet(token, { ...options, clockToleranceSeconds, maxAgeSeconds, nowMs });
    if (!verified.ok) return { outcome: 'refused', err: verified.err, description: verified.description };
    const claims = verified.claims;
    const event = complianceChangeOf(claims);
    if (typeof event === 'string') return { outcome: 'refused', err: 'invalid_request', description: event };
    // Check and record in one synchronous step, so two concurrent deliveries apply once.
    if (!window.firstSeen(`${String(claims.iss)}\u0000${String(claims.jti)}`, nowMs)) return { outcome: 'duplicate' };
    if (event === null) return { outcome: 'ignored' };
    if (event.status === 'not-compliant') options.revocations.markNotCompliant(event.deviceId, event.eventTimestamp);
    options.onEvent?.(event, String(claims.jti));
    return { outcome: 'applied', event };
  }

  return {
    receive,
    async handle(req, res) {
      if (req.method !== 'POST') return send(res, 405, undefined, { allow: 'POST' });
      const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== SET_CONTENT_TYPE)
        return send(res, 415, { err: 'invalid_request', description: `content-type must be ${SET_CONTENT_TYPE}` });
      let body: string;
      try {
        body = await readBody(req, MAX_BODY);
      } catch (error) {
        if (error instanceof BodyTooLarge)
          return send(res, 413, { err: 'invalid_request', description: error.message });
        return send(res, 400, { err: 'invalid_request', description: 'body could not be read' });
      }
      const result = await receive(body.trim());
      if (result.outcome === 'refused') return send(res, 400, { err: result.err, description: result.description });
      send(res, 202);
    },
  };
}

function send(res: ServerResponse, status: number, body?: SetProblem, extra: Record<string, string> = {}): void {
  const text = body ? JSON.stringify(body) : '';
  res.writeHead(status, {
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(text)),
    ...(body ? { 'content-type': 'application/json' } : {}),
    ...extra,
  });
  res.end(text);
}
