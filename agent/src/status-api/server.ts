/**
 * The agent's local status API: `GET /v1/status` and `POST /v1/check-now` over a Unix socket or a
 * Windows named pipe, never TCP, so no browser page or remote host can reach it. The tray and
 * `vigil status` read it; the daemon (issue 4) owns the data through the injected callbacks.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { AgentStatusSchema, type AgentStatus, type CheckNowResponse } from '@vigil/shared/core';
import { StatusApiError, StatusRefusal, STATUS_HTTP_ERROR_CODES as CODES } from './errors.js';
import { BodyTooLargeError, readBody, sendJson } from './http-io.js';
import { createIntervalGate } from './interval-gate.js';
import { privacyRoutes, type PrivacyRouteOptions } from './privacy-routes.js';
import { makeSocketReachable, prepareSocketPath } from './socket-path.js';

export const STATUS_API_BODY_LIMIT = 4096;
export const DEFAULT_MIN_CHECK_INTERVAL_MS = 60_000;

/**
 * Who asked for a check. Self-reported by the client: Node cannot read SO_PEERCRED, so this is
 * for logs only and must never be used to authorize anything.
 */
export interface CheckRequester {
  uid?: number;
  pid?: number;
}

export interface StatusServerOptions extends PrivacyRouteOptions {
  socketPath: string;
  getStatus: () => AgentStatus | Promise<AgentStatus>;
  /** Starts a check; may throw StatusRefusal (e.g. 409 when consent is not given). */
  requestCheck: (requester: CheckRequester) => void | Promise<void>;
  /** A check-now refused because one ran recently (for the activity log). */
  onCheckNowRefused?: (requester: CheckRequester, retryAfterSeconds: number) => void;
  minCheckIntervalMs?: number;
  shutdownTimeoutMs?: number;
  now?: () => number;
  /** Where the daemon logs failures of its own callbacks; the client only sees `{code, message}`. */
  onError?: (error: unknown, context: { route: string }) => void;
}

export interface StatusServer {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly address: string;
}

const CheckNowBodySchema = z.strictObject({
  uid: z.number().int().nonnegative().optional(),
  pid: z.number().int().positive().optional(),
});

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void>;

export function createStatusServer(options: StatusServerOptions): StatusServer {
  const now = options.now ?? Date.now;
  const gate = createIntervalGate(options.minCheckIntervalMs ?? DEFAULT_MIN_CHECK_INTERVAL_MS);
  const report = (error: unknown, route: string): void => options.onError?.(error, { route });

  const handleStatus: Handler = async (_req, res) => {
    const parsed = AgentStatusSchema.safeParse(await options.getStatus());
    if (!parsed.success) {
      // Refuse to serve what the contract does not allow: the tray would reject it anyway.
      report(parsed.error, '/v1/status');
      sendJson(res, 500, { code: CODES.internal, message: 'the agent produced an invalid status' });
      return;
    }
    sendJson(res, 200, parsed.data);
  };

  const handleCheckNow: Handler = async (_req, res, body) => {
    const requester = parseRequester(body);
    if (!requester) {
      sendJson(res, 400, { code: CODES.badRequest, message: 'body must be empty or {"uid"?: int, "pid"?: int}' });
      return;
    }
    const decision = gate.tryAcquire(now());
    if (!decision.ok) {
      const retryAfterSeconds = Math.ceil(decision.retryAfterMs / 1000);
      const answer: CheckNowResponse = {
        accepted: false,
        retryAfterSeconds,
        message: `a check ran recently; try again in ${retryAfterSeconds} s`,
      };
      options.onCheckNowRefused?.(requester, retryAfterSeconds);
      sendJson(res, 429, answer, { 'retry-after': String(retryAfterSeconds) });
      return;
    }
    try {
      await options.requestCheck(requester);
    } catch (error) {
      decision.release();
      throw error;
    }
    const answer: CheckNowResponse = { accepted: true, message: 'check started; the status updates when it finishes' };
    sendJson(res, 202, answer);
  };

  const routes: Record<string, Partial<Record<string, Handler>>> = {
    '/v1/status': { GET: handleStatus },
    '/v1/check-now': { POST: handleCheckNow },
    ...privacyRoutes(options, report),
  };

  const server: Server = createServer(
    { requestTimeout: 10_000, headersTimeout: 5_000, keepAliveTimeout: 5_000, maxHeaderSize: 8192 },
    (req, res) => {
      void dispatch(req, res).catch((error: unknown) => {
        if (error instanceof StatusRefusal && !res.headersSent) {
          sendJson(res, error.status, { code: error.code, message: error.message });
          return;
        }
        report(error, req.url ?? '');
        if (!res.headersSent) sendJson(res, 500, { code: CODES.internal, message: 'internal error' });
        else res.destroy();
      });
    },
  );
  // A local client cannot legitimately need more; this bounds what a misbehaving one can hold.
  server.maxConnections = 64;

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The Host header is ignored on purpose: there is one site on this socket.
    const path = pathOf(req.url);
    if (path === null) {
      // `GET // HTTP/1.1` made new URL throw: a 500 and an error report (found by fuzzing).
      const message = 'the request target is not a path';
      sendJson(res, 400, { code: CODES.badRequest, message }, { connection: 'close' });
      return;
    }
    const route = routes[path];
    const handler = route?.[req.method ?? ''];
    let body: Buffer;
    try {
      body = await readBody(req, STATUS_API_BODY_LIMIT);
    } catch (error) {
      // The client went away mid-body: nobody to answer, and not the agent's failure (it was
      // reported as an internal error, found by fuzzing with slow clients).
      if ((error as NodeJS.ErrnoException).code === 'ECONNRESET') return;
      if (!(error instanceof BodyTooLargeError)) throw error;
      sendJson(
        res,
        413,
        { code: CODES.bodyTooLarge, message: `request body is limited to ${STATUS_API_BODY_LIMIT} bytes` },
        { connection: 'close' },
      );
      return;
    }
    if (!route) {
      sendJson(res, 404, { code: CODES.notFound, message: `no route ${path}` });
      return;
    }
    if (!handler) {
      const allow = Object.keys(route).join(', ');
      sendJson(res, 405, { code: CODES.methodNotAllowed, message: `${path} accepts ${allow}` }, { allow });
      return;
    }
    await handler(req, res, body);
  }

  let listening = false;
  return {
    address: options.socketPath,
    async start() {
      if (listening) throw new StatusApiError('VIGIL_STATUS_LISTEN_FAILED', 'status server already started');
      await prepareSocketPath(options.socketPath);
      await listen(server, options.socketPath);
      listening = true;
      await makeSocketReachable(options.socketPath);
    },
    async stop() {
      if (!listening) return;
      listening = false;
      await close(server, options.shutdownTimeoutMs ?? 2_000);
    },
  };
}

function pathOf(target: string | undefined): string | null {
  try {
    return new URL(target ?? '/', 'http://status.invalid').pathname;
  } catch {
    return null;
  }
}

function parseRequester(body: Buffer): CheckRequester | undefined {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  try {
    const parsed = CheckNowBodySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      const code = error.code === 'EADDRINUSE' ? 'VIGIL_STATUS_SOCKET_IN_USE' : 'VIGIL_STATUS_LISTEN_FAILED';
      reject(new StatusApiError(code, `cannot listen on ${path}: ${error.message}`, { cause: error }));
    };
    server.once('error', onError);
    // readableAll/writableAll open a named pipe's ACL to local users; on Unix chmod does it.
    server.listen({ path, readableAll: true, writableAll: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Closes idle keep-alive connections at once and cuts busy ones after the shutdown timeout. */
function close(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
    server.close((error) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}
