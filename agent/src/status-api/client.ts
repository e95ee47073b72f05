/**
 * Client of the agent's status API for the CLI (`vigil status`, `vigil check-now`). Every answer
 * is validated against the shared contract; every failure is a StatusApiError with a stable code.
 */
import { request } from 'node:http';
import {
  AgentStatusSchema,
  CheckNowResponseSchema,
  ConsentStatusSchema,
  PrivacyViewSchema,
  type AgentStatus,
  type CheckNowResponse,
  type ConsentRequest,
  type ConsentStatus,
  type PrivacyView,
} from '@vigil/shared/core';
import { StatusApiError } from './errors.js';

export interface StatusClientOptions {
  /** Whole-request deadline: connect, send, and read the answer. Default 3 s. */
  timeoutMs?: number;
}

export interface CheckNowOptions extends StatusClientOptions {
  requester?: { uid?: number; pid?: number };
}

const DEFAULT_TIMEOUT_MS = 3_000;
/** A status is a few KiB; anything far larger is not our agent talking. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

export async function fetchStatus(socketPath: string, options: StatusClientOptions = {}): Promise<AgentStatus> {
  const answer = await exchange(socketPath, 'GET', '/v1/status', undefined, options.timeoutMs);
  if (answer.status !== 200) throw remoteFailure(answer);
  const parsed = AgentStatusSchema.safeParse(answer.json);
  if (!parsed.success)
    throw new StatusApiError('VIGIL_STATUS_BAD_RESPONSE', 'the agent sent a status that does not match the contract', {
      cause: parsed.error,
    });
  return parsed.data;
}

/** Resolves for both outcomes the API defines: accepted (202) and "too soon" (429). */
export async function requestCheckNow(socketPath: string, options: CheckNowOptions = {}): Promise<CheckNowResponse> {
  const answer = await exchange(
    socketPath,
    'POST',
    '/v1/check-now',
    JSON.stringify(options.requester ?? {}),
    options.timeoutMs,
  );
  if (answer.status !== 202 && answer.status !== 429) throw remoteFailure(answer);
  const parsed = CheckNowResponseSchema.safeParse(answer.json);
  if (!parsed.success)
    throw new StatusApiError(
      'VIGIL_STATUS_BAD_RESPONSE',
      'the agent sent a check-now answer that does not match the contract',
      { cause: parsed.error },
    );
  return parsed.data;
}

/** `GET /v1/privacy`: the statement, the last report as sent and the activity log. */
export async function fetchPrivacy(socketPath: string, options: StatusClientOptions = {}): Promise<PrivacyView> {
  const answer = await exchange(socketPath, 'GET', '/v1/privacy', undefined, options.timeoutMs);
  if (answer.status !== 200) throw remoteFailure(answer);
  const parsed = PrivacyViewSchema.safeParse(answer.json);
  if (!parsed.success)
    throw new StatusApiError(
      'VIGIL_STATUS_BAD_RESPONSE',
      'the agent sent a privacy view that does not match the contract',
      {
        cause: parsed.error,
      },
    );
  // Shown as sent: the parse only validates, the claims are kept exactly as the agent decoded them.
  return answer.json as PrivacyView;
}

/** `POST /v1/consent`: records the owner's decision in the running agent; answers the new state. */
export async function postConsent(
  socketPath: string,
  request: ConsentRequest,
  options: StatusClientOptions = {},
): Promise<ConsentStatus> {
  const answer = await exchange(socketPath, 'POST', '/v1/consent', JSON.stringify(request), options.timeoutMs);
  if (answer.status !== 200) throw remoteFailure(answer);
  const parsed = ConsentStatusSchema.safeParse(answer.json);
  if (!parsed.success)
    throw new StatusApiError(
      'VIGIL_STATUS_BAD_RESPONSE',
      'the agent sent a consent state that does not match the contract',
      {
        cause: parsed.error,
      },
    );
  return parsed.data;
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
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const headers: Record<string, string> = { host: 'localhost', accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const req = request({ socketPath, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          req.destroy();
          settle(() =>
            reject(new StatusApiError('VIGIL_STATUS_BAD_RESPONSE', `answer larger than ${MAX_RESPONSE_BYTES} bytes`)),
          );
        } else chunks.push(chunk);
      });
      res.once('error', (error) => settle(() => reject(unreachable(socketPath, error))));
      res.once('end', () =>
        settle(() => {
          try {
            resolve({
              status: res.statusCode ?? 0,
              json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
            });
          } catch (error) {
            reject(
              new StatusApiError('VIGIL_STATUS_BAD_RESPONSE', 'the agent answered with something that is not JSON', {
                cause: error,
              }),
            );
          }
        }),
      );
    });
    const timer = setTimeout(() => {
      req.destroy();
      settle(() =>
        reject(
          new StatusApiError(
            'VIGIL_STATUS_UNREACHABLE',
            `the agent did not answer on ${socketPath} within ${timeoutMs} ms`,
          ),
        ),
      );
    }, timeoutMs);
    req.once('error', (error) => settle(() => reject(unreachable(socketPath, error))));
    req.end(body);
  });
}

function unreachable(socketPath: string, error: NodeJS.ErrnoException): StatusApiError {
  const why: Record<string, string> = {
    ENOENT: 'no socket there: the agent is not running',
    ECONNREFUSED: 'nothing is listening: the agent is not running',
    EACCES: 'permission denied on the socket',
  };
  const reason = (error.code && why[error.code]) ?? error.message;
  return new StatusApiError('VIGIL_STATUS_UNREACHABLE', `cannot reach the agent on ${socketPath}: ${reason}`, {
    cause: error,
  });
}

function remoteFailure(answer: Answer): StatusApiError {
  const body = answer.json as { code?: unknown; message?: unknown } | null;
  const remoteCode = typeof body?.code === 'string' ? body.code : undefined;
  const message = typeof body?.message === 'string' ? body.message : `HTTP ${answer.status}`;
  return new StatusApiError('VIGIL_STATUS_REQUEST_FAILED', `the agent refused the request: ${message}`, {
    ...(remoteCode ? { remoteCode } : {}),
  });
}
