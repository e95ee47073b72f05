import { VigilError } from '@vigil/shared/core';

export const PRIVACY_ERROR_CODES = [
  /** A personal report still held an identifier after cleaning; it was not signed or sent. */
  'VIGIL_PRIVACY_IDENTIFIER_FOUND',
  /** Cleaning a personal report made it invalid (a placeholder overflowed a field). */
  'VIGIL_PRIVACY_REPORT_INVALID',
] as const;
export type PrivacyErrorCode = (typeof PRIVACY_ERROR_CODES)[number];

export class PrivacyError extends VigilError {
  declare readonly code: PrivacyErrorCode;

  constructor(code: PrivacyErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'PrivacyError';
  }
}
