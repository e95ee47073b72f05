/**
 * What the Node middleware share: one verifier (and so one token cache) per guard, the request
 * reader, and rendering of refusals. Node terminating TLS itself (`https.createServer` with
 * `requestCert: true`) binds to the socket's certificate; behind a proxy, the proxy's header.
 */
import type { IncomingMessage } from 'node:http';
import type { EarSource } from '../background/ear-source.js';
import { requestDecider } from '../http/decide-request.js';
import { requestReader, type ClientCertOptions } from '../http/request-binding.js';
import { renderDecision, type RenderedDecision } from '../http/respond.js';
import type { Logger } from '../log.js';
import type { Decision } from '../verify/decision.js';
import { createAttestationVerifier, type AttestationVerifier, type VerifierOptions } from '../verify/verifier.js';

interface GuardSettings {
  /** Where the client certificate comes from when a proxy terminates TLS. */
  clientCert?: ClientCertOptions;
  /** Cookie carrying the EAR (default `vigil_ear`). */
  cookie?: string;
  earSource?: EarSource;
  logger?: Logger;
  /** Checks that must pass on the routes this guard protects. */
  mandatoryChecks?: readonly string[];
}

/** Verifier options, or an existing verifier to share (one token cache for several guards). */
export type VigilGuardOptions = GuardSettings & (VerifierOptions | { verifier: AttestationVerifier });

export interface VigilGuard {
  decide(req: Pick<IncomingMessage, 'headers' | 'socket'>): Promise<Decision>;
  render(decision: Decision, accept: string | undefined): RenderedDecision;
}

export function createVigilGuard(options: VigilGuardOptions): VigilGuard {
  const shared = 'verifier' in options;
  const verifier = shared ? options.verifier : createAttestationVerifier(options);
  const reader = requestReader({ ...options.clientCert, ...(options.cookie ? { cookie: options.cookie } : {}) });
  const decide = requestDecider({
    verifier,
    reader,
    ...(options.earSource ? { earSource: options.earSource } : {}),
    // A verifier built here already holds the route's checks; a shared one gets them per request.
    ...(shared && options.mandatoryChecks ? { mandatoryChecks: options.mandatoryChecks } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return { decide, render: renderDecision };
}
