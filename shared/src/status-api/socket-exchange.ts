/**
 * One request to the agent's local status API over its Unix socket or Windows named pipe, with
 * a deadline and a size cap; never a TCP connection. Node-only (`@vigil/shared/status-socket`):
 * the agent's CLI and the tray both talk to the agent this way and may not import each other,
 * so each maps the two failure kinds to its own error codes.
 */
import { request } from 'node:http';

/** `unreachable`: nothing answered (not running, no socket, no answer in time); `bad-response`: not our contract. */
export type SocketFailureKind = 'unreachable' | 'bad-response';

export class SocketExchangeFailure extends Error {
  constructor(
    readonly kind: SocketFailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SocketExchangeFailure';
  }
}

export interface SocketAnswer {
  status: number;
  json: unknown;
}

/** A status is a few KiB; anything far larger is not our agent talking. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

const WHY_UNREACHABLE: Record<string, string> = {
  ENOENT: 'no socket there: the agent is not running',
  ECONNREFUSED: 'nothing is listening: the agent is not running',
  EACCES: 'permission denied on the socket',
};

export function socketExchange(
  socketPath: string,
  method: 'GET' | 'POST',
  path: string,
  body: string | undefined,
  timeoutMs: number,
): Promise<SocketAnswer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const fail = (kind: SocketFailureKind, message: string, cause?: unknown): void =>
      settle(() => reject(new SocketExchangeFailure(kind, message, { cause })));
    const headers: Record<string, string> = { host: 'localhost', accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const req = request({ socketPath, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_RESPONSE_BYTES) return void chunks.push(chunk);
        req.destroy();
        fail('bad-response', `the agent's answer is too large (over ${MAX_RESPONSE_BYTES} bytes)`);
      });
      res.once('error', (error) => fail('unreachable', `the connection to the agent broke: ${error.message}`, error));
      res.once('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch (error) {
          return fail('bad-response', 'the agent answered with something that is not JSON', error);
        }
        settle(() => resolve({ status: res.statusCode ?? 0, json }));
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      fail('unreachable', `the agent did not answer on ${socketPath} within ${timeoutMs} ms`);
    }, timeoutMs);
    req.once('error', (error: NodeJS.ErrnoException) => {
      const why = (error.code && WHY_UNREACHABLE[error.code]) ?? error.message;
      fail('unreachable', `cannot reach the agent on ${socketPath}: ${why}`, error);
    });
    req.end(body);
  });
}

/** The agent's own `{code, message}` when it refused a request, if it sent one. */
export function remoteProblem(answer: SocketAnswer): { code: string; message: string } | undefined {
  const body = answer.json as { code?: unknown; message?: unknown } | null;
  return typeof body?.code === 'string' && typeof body.message === 'string'
    ? { code: body.code, message: body.message }
    : undefined;
}
