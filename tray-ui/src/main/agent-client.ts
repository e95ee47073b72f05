/**
 * The tray's only line to the agent: the local status API over its Unix socket or named pipe.
 * tray-ui may not import agent/, so this is a small node:http client of its own, typed and
 * validated by the shared contract. It never talks to the network.
 */
import { request } from 'node:http';
import {
  AgentStatusSchema,
  CheckNowResponseSchema,
  VigilError,
  type AgentStatus,
  type CheckNowResponse,
} from '@vigil/shared';

export const AGENT_CLIENT_ERROR_CODES = [
  'VIGIL_TRAY_AGENT_UNREACHABLE',
  'VIGIL_TRAY_AGENT_BAD_RESPONSE',
  'VIGIL_TRAY_AGENT_REQUEST_FAILED',
] as const;
export type AgentClientErrorCode = (typeof AGENT_CLIENT_ERROR_CODES)[number];

export class AgentClientError extends VigilError {
  declare readonly code: AgentClientErrorCode;
  constructor(code: AgentClientErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'AgentClientError';
  }
}

export interface AgentClient {
  fetchStatus(): Promise<AgentStatus>;
  /** Resolves for "accepted" and for "too soon" (HTTP 429): both are answers to show. */
  requestCheckNow(): Promise<CheckNowResponse>;
}

const MAX_RESPONSE_BYTES = 1024 * 1024;

export function createAgentClient(socketPath: string, options: { timeoutMs?: number; pid?: number } = {}): AgentClient {
  const timeoutMs = options.timeoutMs ?? 3_000;
  return {
    async fetchStatus() {
      const answer = await exchange(socketPath, 'GET', '/v1/status', undefined, timeoutMs);
      if (answer.status !== 200) throw refused(answer);
      const parsed = AgentStatusSchema.safeParse(answer.json);
      if (!parsed.success)
        throw new AgentClientError('VIGIL_TRAY_AGENT_BAD_RESPONSE', 'the agent status does not match the contract', {
          cause: parsed.error,
        });
      return parsed.data;
    },
    async requestCheckNow() {
      const body = JSON.stringify(options.pid !== undefined ? { pid: options.pid } : {});
      const answer = await exchange(socketPath, 'POST', '/v1/check-now', body, timeoutMs);
      if (answer.status !== 202 && answer.status !== 429) throw refused(answer);
      const parsed = CheckNowResponseSchema.safeParse(answer.json);
      if (!parsed.success)
        throw new AgentClientError(
          'VIGIL_TRAY_AGENT_BAD_RESPONSE',
          'the check-now answer does not match the contract',
          { cause: parsed.error },
        );
      return parsed.data;
    },
  };
}

interface Answer {
  status: number;
  json: unknown;
}

function exchange(
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

function refused(answer: Answer): AgentClientError {
  const body = answer.json as { code?: unknown; message?: unknown } | null;
  const detail =
    typeof body?.code === 'string' && typeof body.message === 'string'
      ? `${body.code}: ${body.message}`
      : `HTTP ${answer.status}`;
  return new AgentClientError('VIGIL_TRAY_AGENT_REQUEST_FAILED', `the agent refused the request (${detail})`);
}
