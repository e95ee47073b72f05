/**
 * The forward-auth server: one decision endpoint for nginx `auth_request`, Caddy `forward_auth`,
 * Traefik `ForwardAuth`, HAProxy and Envoy `ext_authz` (HTTP service), plus the CAEP push
 * endpoint. Plain node:http: this is the hot path, and a framework would only add latency.
 *
 *   ANY  /auth, /auth/*   → 200 + X-Vigil-Device/-Status/-Expires, or 401/403/503 + X-Vigil-Reason
 *   POST /caep/events     → RFC 8935 push receiver
 *   GET  /denied?reason=  → the explanation page for reason codes (for proxies' error pages)
 *   GET  /healthz         → 200
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EarSource } from '../background/ear-source.js';
import type { CaepReceiver } from '../caep/receiver.js';
import { denyPage } from '../http/deny-page.js';
import { requestDecider, splitList } from '../http/decide-request.js';
import type { RequestReader } from '../http/request-binding.js';
import { writeDecision } from '../http/respond.js';
import { silentLogger, type Logger } from '../log.js';
import { isReasonCode, reason } from '../reasons.js';
import { refuse } from '../verify/decision.js';
import type { AttestationVerifier } from '../verify/verifier.js';

export interface ForwardAuthServerOptions {
  host?: string;
  port?: number;
  verifier: AttestationVerifier;
  reader: RequestReader;
  caep?: CaepReceiver;
  /** Background-check mode: where to get an EAR when none is presented. */
  earSource?: EarSource;
  logger?: Logger;
}

export interface ForwardAuthServer {
  start(): Promise<AddressInfo>;
  stop(timeoutMs?: number): Promise<void>;
  readonly server: Server;
}

export function createForwardAuthServer(options: ForwardAuthServerOptions): ForwardAuthServer {
  const log = options.logger ?? silentLogger;
  const decide = requestDecider(options);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const path = url.split('?', 1)[0] ?? '/';
    if (path === '/auth' || path.startsWith('/auth/')) {
      const decision = await decide(req);
      if (!decision.allow)
        log.info({ reasons: decision.reasons.map((r) => r.code), device: decision.device?.id }, 'access refused');
      writeDecision(res, decision, req.headers.accept);
      return;
    }
    if (path === '/caep/events' && options.caep) return options.caep.handle(req, res);
    if (path === '/denied' && req.method === 'GET') return deniedPage(url, res);
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end('{"status":"ok"}');
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"code":"VIGIL_GATEWAY_NOT_FOUND","message":"no such endpoint"}');
  }

  const server = createServer(
    { maxHeaderSize: 32 * 1024, requestTimeout: 10_000, headersTimeout: 10_000 },
    (req, res) => {
      route(req, res).catch((error: unknown) => {
        log.error({ error: (error as Error).message }, 'request failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
        res.end('internal error');
      });
    },
  );
  // Longer than the proxies' upstream keep-alive, so they close first and never reuse a dead socket.
  server.keepAliveTimeout = 75_000;

  return {
    server,
    start: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 9180, options.host ?? '127.0.0.1', () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    stop: (timeoutMs = 5_000) =>
      new Promise((resolve) => {
        if (!server.listening) return resolve();
        const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

function deniedPage(url: string, res: ServerResponse): void {
  const codes = splitList(new URL(url, 'http://x').searchParams.get('reason') ?? '').filter(isReasonCode);
  const decision = refuse(codes.length ? codes.map((c) => reason(c)) : [reason('VIGIL_GATEWAY_MISSING_TOKEN')]);
  const body = denyPage(decision);
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  res.end(body);
}
