import { VigilError } from '@vigil/shared/core';

export const PUSH_ERROR_CODES = [
  'VIGIL_PUSH_UNREACHABLE',
  'VIGIL_PUSH_TLS',
  'VIGIL_PUSH_UNAUTHORIZED',
  'VIGIL_PUSH_REJECTED',
  'VIGIL_PUSH_RATE_LIMITED',
  'VIGIL_PUSH_SERVER_ERROR',
  'VIGIL_PUSH_BAD_RESPONSE',
  'VIGIL_PUSH_CLOCK_SKEW',
] as const;
export type PushErrorCode = (typeof PUSH_ERROR_CODES)[number];

export interface PushErrorDetails {
  /** HTTP status, when the service answered. */
  status?: number;
  /** The service's own `{code}` (e.g. VIGIL_NONCE_EXPIRED), when it sent one. */
  serviceCode?: string;
  retryAfterMs?: number;
  cause?: unknown;
}

export class PushError extends VigilError {
  declare readonly code: PushErrorCode;
  readonly status: number | undefined;
  readonly serviceCode: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(code: PushErrorCode, message: string, details: PushErrorDetails = {}) {
    super(code, message, { cause: details.cause });
    this.name = 'PushError';
    this.status = details.status;
    this.serviceCode = details.serviceCode;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** Worth trying again later (network, overload, 5xx); the report stays in the outbox. */
  get transient(): boolean {
    return (
      this.code === 'VIGIL_PUSH_UNREACHABLE' ||
      this.code === 'VIGIL_PUSH_RATE_LIMITED' ||
      this.code === 'VIGIL_PUSH_SERVER_ERROR' ||
      this.code === 'VIGIL_PUSH_CLOCK_SKEW'
    );
  }
}
