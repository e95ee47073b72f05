import { VigilError } from '@vigil/shared/core';

export const CONSENT_ERROR_CODES = [
  /** Personal device: the owner has not accepted the privacy statement; nothing is collected or sent. */
  'VIGIL_CONSENT_REQUIRED',
  /** Personal device: the owner withdrew consent; nothing is collected or sent. */
  'VIGIL_CONSENT_WITHDRAWN',
  /** The decision names another statement version than the one in force. */
  'VIGIL_CONSENT_VERSION_MISMATCH',
  /** Managed device: there is no consent to give or withdraw. */
  'VIGIL_CONSENT_NOT_REQUIRED',
  /** The local consent record is unreadable or damaged (treated as no consent). */
  'VIGIL_CONSENT_FILE_INVALID',
  /** The decision could not be recorded (permissions, full disk). */
  'VIGIL_CONSENT_STORE_FAILED',
] as const;
export type ConsentErrorCode = (typeof CONSENT_ERROR_CODES)[number];

export class ConsentError extends VigilError {
  declare readonly code: ConsentErrorCode;

  constructor(code: ConsentErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'ConsentError';
  }
}
