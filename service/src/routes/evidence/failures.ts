/**
 * HTTP status for each rejection by the store (state). Rejections of the report itself (format,
 * signature, claims) are made in appraisal/appraise-report.ts.
 */
import { ServiceError } from '../../errors.js';
import type { IngestFailure } from '../../store/types.js';

const INGEST_FAILURES: Record<Exclude<IngestFailure, 'state-changed'>, [number, string, string]> = {
  'nonce-unknown': [400, 'VIGIL_EVIDENCE_NONCE_UNKNOWN', 'nonce is unknown or already used'],
  'nonce-device': [400, 'VIGIL_EVIDENCE_NONCE_DEVICE', 'nonce was issued to another device'],
  'nonce-expired': [400, 'VIGIL_EVIDENCE_NONCE_EXPIRED', 'nonce has expired'],
  'sequence-regress': [
    409,
    'VIGIL_EVIDENCE_SEQUENCE',
    'sequence number went backwards: device flagged (clone or restored state); an admin must resync it',
  ],
  'sequence-gap': [
    409,
    'VIGIL_EVIDENCE_SEQUENCE',
    'sequence number skipped reports: device flagged; an admin must resync it',
  ],
  'chain-mismatch': [
    409,
    'VIGIL_EVIDENCE_CHAIN',
    'previous-report hash does not match: device flagged; an admin must resync it',
  ],
};

export function fromIngestFailure(reason: IngestFailure): ServiceError {
  if (reason === 'state-changed')
    return new ServiceError(503, 'VIGIL_EVIDENCE_RETRY', 'device state changed during ingest; retry');
  const [status, code, message] = INGEST_FAILURES[reason];
  return new ServiceError(status, code, message);
}
