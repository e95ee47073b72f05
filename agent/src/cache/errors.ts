import { VigilError } from '@vigil/shared/core';

export const CACHE_ERROR_CODES = [
  'VIGIL_CACHE_DISK_FULL',
  'VIGIL_CACHE_CORRUPT',
  'VIGIL_CACHE_BUSY',
  'VIGIL_CACHE_READONLY',
  'VIGIL_CACHE_OPEN_FAILED',
  'VIGIL_CACHE_SCHEMA_NEWER',
  'VIGIL_CACHE_CHAIN_CONFLICT',
  'VIGIL_CACHE_FAILED',
] as const;
export type CacheErrorCode = (typeof CACHE_ERROR_CODES)[number];

export class CacheError extends VigilError {
  declare readonly code: CacheErrorCode;

  constructor(code: CacheErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'CacheError';
  }
}

/**
 * Maps SQLite and file-system failures to stable codes. A full disk shows up as SQLITE_FULL,
 * or as an I/O error whose cause is ENOSPC when the WAL cannot grow.
 */
export function toCacheError(error: unknown, action: string): CacheError {
  if (error instanceof CacheError) return error;
  const code = String((error as { code?: unknown }).code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || /ENOSPC|database or disk is full/i.test(message)) {
    return new CacheError('VIGIL_CACHE_DISK_FULL', `${action}: the disk is full`, { cause: error });
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new CacheError('VIGIL_CACHE_CORRUPT', `${action}: the database file is corrupt`, { cause: error });
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new CacheError('VIGIL_CACHE_BUSY', `${action}: the database is locked by another process`, { cause: error });
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EROFS') {
    return new CacheError('VIGIL_CACHE_READONLY', `${action}: the database is not writable`, { cause: error });
  }
  return new CacheError('VIGIL_CACHE_FAILED', `${action}: ${message}`, { cause: error });
}
