import { describe, expect, it } from 'vitest';
import { toServiceError } from './error-handler.js';

describe('error mapping', () => {
  it('tells a full disk under the store (retry later) from a bug (500)', () => {
    const sqlite = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    const postgres = Object.assign(new Error('could not extend file'), { code: '53100' });
    for (const error of [sqlite, postgres]) {
      expect(toServiceError(error)).toMatchObject({ statusCode: 503, code: 'VIGIL_STORE_DISK_FULL' });
    }
    expect(toServiceError(new Error('boom'))).toMatchObject({ statusCode: 500, code: 'VIGIL_INTERNAL' });
  });
});
