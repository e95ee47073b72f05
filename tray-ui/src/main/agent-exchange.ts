/**
 * The tray's requests to the agent's local status API: the shared socket exchange (Unix socket
 * or named pipe, deadline, size cap; never a TCP connection) with the tray's own error codes.
 */
import { VigilError } from '@vigil/shared';
import { remoteProblem, SocketExchangeFailure, socketExchange, type SocketAnswer } from '@vigil/shared/status-socket';

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

export type Answer = SocketAnswer;

/** The shared socket exchange, its failures as the tray's codes. */
export async function exchange(
  socketPath: string,
  method: 'GET' | 'POST',
  path: string,
  body: string | undefined,
  timeoutMs: number,
): Promise<Answer> {
  try {
    return await socketExchange(socketPath, method, path, body, timeoutMs);
  } catch (error) {
    if (!(error instanceof SocketExchangeFailure)) throw error;
    const code = error.kind === 'unreachable' ? 'VIGIL_TRAY_AGENT_UNREACHABLE' : 'VIGIL_TRAY_AGENT_BAD_RESPONSE';
    throw new AgentClientError(code, error.message, { cause: error.cause });
  }
}

export function refused(answer: Answer): AgentClientError {
  const remote = remoteProblem(answer);
  const detail = remote ? `${remote.code}: ${remote.message}` : `HTTP ${answer.status}`;
  return new AgentClientError('VIGIL_TRAY_AGENT_REQUEST_FAILED', `the agent refused the request (${detail})`, {
    ...(remote ? { remote } : {}),
  });
}
