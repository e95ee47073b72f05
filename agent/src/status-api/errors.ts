/**
 * Errors of the local status API. Server-side codes travel to clients as `{code, message}`;
 * client-side codes tell the CLI and the tray whether the agent is down or answered badly.
 */
import { VigilError } from '@vigil/shared/core';

export const STATUS_API_ERROR_CODES = [
  /** Nothing answered on the socket: agent not running, socket missing, or no answer in time. */
  'VIGIL_STATUS_UNREACHABLE',
  /** The agent answered with something that is not the documented contract. */
  'VIGIL_STATUS_BAD_RESPONSE',
  /** The agent answered with an error `{code, message}` (the original code is kept in `remoteCode`). */
  'VIGIL_STATUS_REQUEST_FAILED',
  /** Another process already answers on the socket path: a second agent must not steal it. */
  'VIGIL_STATUS_SOCKET_IN_USE',
  /** The socket path exists and is not a socket: never delete a file we did not create. */
  'VIGIL_STATUS_SOCKET_PATH_OCCUPIED',
  /** The server could not listen (permissions, path too long…). */
  'VIGIL_STATUS_LISTEN_FAILED',
] as const;
export type StatusApiErrorCode = (typeof STATUS_API_ERROR_CODES)[number];

/** Codes carried in HTTP error bodies of the status API (documented in docs/status-api.md). */
export const STATUS_HTTP_ERROR_CODES = {
  notFound: 'VIGIL_STATUS_NOT_FOUND',
  methodNotAllowed: 'VIGIL_STATUS_METHOD_NOT_ALLOWED',
  bodyTooLarge: 'VIGIL_STATUS_BODY_TOO_LARGE',
  badRequest: 'VIGIL_STATUS_BAD_REQUEST',
  internal: 'VIGIL_STATUS_INTERNAL',
} as const;

export class StatusApiError extends VigilError {
  declare readonly code: StatusApiErrorCode;
  /** For `VIGIL_STATUS_REQUEST_FAILED`: the code the agent sent. */
  readonly remoteCode: string | undefined;

  constructor(code: StatusApiErrorCode, message: string, options?: { cause?: unknown; remoteCode?: string }) {
    super(code, message, options);
    this.name = 'StatusApiError';
    this.remoteCode = options?.remoteCode;
  }
}

/**
 * Thrown by a daemon callback to refuse a request for a documented reason (e.g. consent not
 * given): the server answers with this status and `{code, message}` instead of a 500.
 */
export class StatusRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'StatusRefusal';
  }
}
