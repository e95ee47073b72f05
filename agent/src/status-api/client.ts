/**
 * Client of the agent's status API for the CLI (`vigil status`, `vigil check-now`). Every answer
 * is validated against the shared contract; every failure is a StatusApiError with a stable code.
 */
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
import { remoteProblem, SocketExchangeFailure, socketExchange, type SocketAnswer } from '@vigil/shared/status-socket';
import { StatusApiError } from './errors.js';

export interface StatusClientOptions {
  /** Whole-request deadline: connect, send, and read the answer. Default 3 s. */
  timeoutMs?: number;
}

export interface CheckNowOptions extends StatusClientOptions {
  requester?: { uid?: number; pid?: number };
}

const DEFAULT_TIMEOUT_MS = 3_000;

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

/** The shared socket exchange, its failures as this client's codes. */
async function exchange(
  socketPath: string,
  method: 'GET' | 'POST',
  path: string,
  body: string | undefined,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<SocketAnswer> {
  try {
    return await socketExchange(socketPath, method, path, body, timeoutMs);
  } catch (error) {
    if (!(error instanceof SocketExchangeFailure)) throw error;
    const code = error.kind === 'unreachable' ? 'VIGIL_STATUS_UNREACHABLE' : 'VIGIL_STATUS_BAD_RESPONSE';
    throw new StatusApiError(code, error.message, { cause: error.cause });
  }
}

function remoteFailure(answer: SocketAnswer): StatusApiError {
  const remote = remoteProblem(answer);
  return new StatusApiError(
    'VIGIL_STATUS_REQUEST_FAILED',
    `the agent refused the request: ${remote?.message ?? `HTTP ${answer.status}`}`,
    remote ? { remoteCode: remote.code } : {},
  );
}
