import { VigilError } from '@vigil/shared/core';

export const IDENTITY_ERROR_CODES = [
  'VIGIL_IDENTITY_NOT_ENROLLED',
  'VIGIL_IDENTITY_ALREADY_ENROLLED',
  'VIGIL_IDENTITY_CA_REQUIRED',
  'VIGIL_IDENTITY_FILES_INVALID',
  'VIGIL_IDENTITY_CERT_MISMATCH',
  'VIGIL_IDENTITY_CERT_EXPIRED',
  'VIGIL_IDENTITY_STORE_FAILED',
  'VIGIL_IDENTITY_CA_FINGERPRINT',
] as const;
export type IdentityErrorCode = (typeof IDENTITY_ERROR_CODES)[number];

export class IdentityError extends VigilError {
  declare readonly code: IdentityErrorCode;

  constructor(code: IdentityErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'IdentityError';
  }
}
