/**
 * From an incoming request to a decision: the EAR it carries (or, in background-check mode, the
 * one the service holds for this certificate), bound to the connection's certificate. Shared by
 * the forward-auth server and the Node middleware.
 */
import type { IncomingMessage } from 'node:http';
import type { EarSource } from '../background/ear-source.js';
import { silentLogger, type Logger } from '../log.js';
import { reason } from '../reasons.js';
import { refuse, type Decision } from '../verify/decision.js';
import type { AttestationVerifier } from '../verify/verifier.js';
import type { RequestReader } from './request-binding.js';

/** A trusted proxy may tighten a route: `X-Vigil-Require: disk.encryption, os.patches`. */
export const REQUIRE_HEADER = 'x-vigil-require';

export interface DeciderOptions {
  verifier: AttestationVerifier;
  reader: RequestReader;
  earSource?: EarSource;
  /** Checks this route requires on top of the verifier's. */
  mandatoryChecks?: readonly string[];
  logger?: Logger;
}

export type RequestDecider = (req: Pick<IncomingMessage, 'headers' | 'socket'>) => Promise<Decision>;

export function requestDecider(options: DeciderOptions): RequestDecider {
  const log = options.logger ?? silentLogger;
  const { verifier, reader, earSource } = options;
  const routeChecks = options.mandatoryChecks ?? [];
  return async (req) => {
    const certThumbprint = reader.certThumbprint(req);
    let token = reader.token(req.headers);
    if (token === undefined && earSource && certThumbprint) {
      try {
        token = (await earSource.latestEar(certThumbprint)) ?? undefined;
      } catch (error) {
        log.warn(
          { code: (error as { code?: unknown }).code, error: (error as Error).message },
          'background check failed',
        );
        return refuse([reason('VIGIL_GATEWAY_VERIFIER_UNAVAILABLE')]);
      }
    }
    const required = req.headers[REQUIRE_HEADER];
    const fromProxy = typeof required === 'string' && reader.isTrustedPeer(req) ? splitList(required) : [];
    const mandatoryChecks = fromProxy.length ? [...routeChecks, ...fromProxy] : routeChecks;
    return verifier.verify(token, { certThumbprint, mandatoryChecks });
  };
}

export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && s.length <= 64);
}
