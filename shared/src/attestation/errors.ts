/**
 * Error classes for the attestation wire formats. Codes are stable (`VIGIL_<AREA>_<REASON>`),
 * catalogued in docs/errors.md, and never reused: the service returns them to agents as
 * `{code, message}` and gateways log them.
 */
import { VigilError } from '../errors.js';

export const EVIDENCE_ERROR_CODES = [
  'VIGIL_EVIDENCE_MALFORMED',
  'VIGIL_EVIDENCE_DUPLICATE_KEY',
  'VIGIL_EVIDENCE_ALG',
  'VIGIL_EVIDENCE_TYP',
  'VIGIL_EVIDENCE_HEADER',
  'VIGIL_EVIDENCE_KID',
  'VIGIL_EVIDENCE_SIGNATURE',
  'VIGIL_EVIDENCE_CLAIMS',
] as const;
export type EvidenceErrorCode = (typeof EVIDENCE_ERROR_CODES)[number];

export class EvidenceError extends VigilError {
  declare readonly code: EvidenceErrorCode;

  constructor(code: EvidenceErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'EvidenceError';
  }
}

export const EAR_ERROR_CODES = [
  'VIGIL_EAR_MALFORMED',
  'VIGIL_EAR_DUPLICATE_KEY',
  'VIGIL_EAR_ALG',
  'VIGIL_EAR_TYP',
  'VIGIL_EAR_HEADER',
  'VIGIL_EAR_KID',
  'VIGIL_EAR_SIGNATURE',
  'VIGIL_EAR_CLAIMS',
  'VIGIL_EAR_ISSUER',
  'VIGIL_EAR_AUDIENCE',
  'VIGIL_EAR_EXPIRED',
  'VIGIL_EAR_TOO_OLD',
  'VIGIL_EAR_IAT_FUTURE',
  'VIGIL_EAR_NOT_YET_VALID',
  'VIGIL_EAR_CNF',
] as const;
export type EarErrorCode = (typeof EAR_ERROR_CODES)[number];

export class EarError extends VigilError {
  declare readonly code: EarErrorCode;

  constructor(code: EarErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'EarError';
  }
}
