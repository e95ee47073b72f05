/**
 * One request to the agent's local status API over its Unix socket or named pipe, with a
 * deadline and a size cap. Never a TCP connection: the tray talks to no network.
 */
import { request } from 'node:http';
import { VigilError } from '@vigil/shared';

export const AGENT_CLIENT_ERROR_CODES = [
  'VIGIL_TRAY_AGENT_UNREACHABLE',
  'VIGIL_TRAY_AGENT_BAD_RESPONSE',
  'VIGIL_TRAY_AGENT_REQUEST_FAILED',
] as const;
export type AgentClientErrorCode = (typeof AGENT_CLIENT_ERROR_CODES)[number];

export class AgentClientError extends VigilError {
  declare readonly code: AgentClientErrorCode;
  /** The agent's own `{code, message}` when it refused the request. */
  readonly remote: { code: string; message: string } | undefined;
  constructor(
    code: AgentClientErrorCode,
    message: string,
    options?: { cause?: unknown; remote?: { code: string; message: string } },
  ) {
    super(code, message, options);
    this.name = 'AgentClientError';
    this.remote = options?.remote;
  }
}

export interface Answer {
  status: number;
  json: unknown;
}

const MAX_RESPONSE_BYTES = 1024 * 1024;

export function exchange(
  socketPath: string,
  method: 'GET' | 'POST',
  path: string,
  body: string | undefined,
  timeoutMs: number,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (settle: () => void): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      settle();
    };
    const fail = (message: string, cause?: unknown): void =>
      finish(() => reject(new AgentClientError('VIGIL_TRAY_AGENT_UNREACHABLE', message, { cause })));
    const headers: Record<string, string> = { host: 'localhost', accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const req = request({ socketPath, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_RESPONSE_BYTES) return void chunks.push(chunk);
        req.destroy();
        finish(() => reject(new AgentClientError('VIGIL_TRAY_AGENT_BAD_RESPONSE', 'the agent answer is too large')));
      });
      res.once('error', (error) => fail(`the agent connection broke: ${error.message}`, error));
      res.once('end', () =>
        finish(() => {
          try {
            resolve({
              status: res.statusCode ?? 0,
              json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
            });
          } catch (error) {
            reject(
              new AgentClientError('VIGIL_TRAY_AGENT_BAD_RESPONSE', 'the agent answer is not JSON', { cause: error }),
            );
          }
        }),
      );
    });
    const timer = setTimeout(() => {
      req.destroy();
      fail(`no answer on ${socketPath} within ${timeoutMs} ms`);
    }, timeoutMs);
    req.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'ENOENT' || error.code === 'ECONNREFUSED' ? 'the agent is not running' : error.message;
      fail(`cannot reach the agent on ${socketPath}: ${why}`, error);
    });
    req.end(body);
  });
}

export function refused(answer: Answer): AgentClientError {
  const body = answer.json as { code?: unknown; message?: unknown } | null;
  const remote =
    typeof body?.code === 'string' && typeof body.message === 'string'
      ? { code: body.code, message: body.message }
      : undefined;
  const detail = remote ? `${remote.code}: ${remote.message}` : `HTTP ${answer.status}`;
  return new AgentClientError('VIGIL_TRAY_AGENT_REQUEST_FAILED', `the agent refused the request (${detail})`, {
    ...(remote ? { remote } : {}),
  });
}
