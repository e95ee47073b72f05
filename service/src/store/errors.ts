/**
 * Store errors that reach an operator (start-up, readiness, `--db`): stable codes catalogued in
 * docs/errors.md. Messages never carry a connection string: it may hold a password.
 */
import { VigilError } from '@vigil/shared';

export type StoreErrorCode =
  | 'VIGIL_STORE_LOCATION_INVALID'
  | 'VIGIL_STORE_UNAVAILABLE'
  | 'VIGIL_STORE_SCHEMA_MISSING'
  | 'VIGIL_STORE_SCHEMA_NEWER'
  | 'VIGIL_STORE_SCHEMA_CHANGED'
  | 'VIGIL_STORE_CORRUPT'
  | 'VIGIL_STORE_IN_USE';

export class StoreError extends VigilError {
  declare readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'StoreError';
  }
}
