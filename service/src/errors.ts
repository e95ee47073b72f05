/**
 * Service errors carry a stable code (catalogued in docs/errors.md) and the HTTP status they
 * map to. Across HTTP they travel as `{code, message}`; nothing else (no stack, no cause).
 */
import { VigilError } from '@vigil/shared';

export class ServiceError extends VigilError {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Extra public fields for the response body (e.g. policy `problems`). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    statusCode: number,
    code: string,
    message: string,
    options: { cause?: unknown; headers?: Record<string, string>; details?: Record<string, unknown> } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.name = 'ServiceError';
    this.statusCode = statusCode;
    this.headers = options.headers ?? {};
    this.details = options.details ?? {};
  }
}

export const badRequest = (code: string, message: string, cause?: unknown) =>
  new ServiceError(400, code, message, { cause });
