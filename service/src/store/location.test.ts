import { describe, expect, it } from 'vitest';
import { describeStoreLocation, resolveStoreLocation } from './location.js';

describe('store location (--db / VIGIL_DB)', () => {
  it('defaults to the SQLite file in the data directory', () => {
    expect(resolveStoreLocation(undefined, '/srv/vigil')).toEqual({
      kind: 'sqlite',
      path: '/srv/vigil/vigil-service.sqlite',
    });
    expect(resolveStoreLocation(' ', '/srv/vigil').kind).toBe('sqlite');
    expect(resolveStoreLocation('sqlite:/tmp/x.sqlite', '/srv/vigil')).toEqual({
      kind: 'sqlite',
      path: '/tmp/x.sqlite',
    });
  });

  it('takes postgres:// and postgresql:// URLs with a pool size', () => {
    expect(resolveStoreLocation('postgres://vigil@db.internal/vigil', '/d', 20)).toEqual({
      kind: 'postgres',
      url: 'postgres://vigil@db.internal/vigil',
      poolSize: 20,
    });
    expect(resolveStoreLocation('postgresql://db/vigil?sslmode=require', '/d').kind).toBe('postgres');
  });

  it('refuses anything else with a code, never echoing the string', () => {
    for (const bad of ['mysql://u:hunter2@db/x', 'postgres://u:hunter2@db', 'postgres://u:hunter2@[bad/x', 'file.db']) {
      let error: unknown;
      try {
        resolveStoreLocation(bad, '/d');
      } catch (caught) {
        error = caught;
      }
      expect(error).toMatchObject({ code: 'VIGIL_STORE_LOCATION_INVALID' });
      expect((error as Error).message).not.toContain('hunter2');
    }
    expect(() => resolveStoreLocation('postgres://db/x', '/d', 0)).toThrow(/pool size/);
  });

  it('describes a location without its password', () => {
    const url = 'postgres://vigil:s3cr%40t@db.internal:5432/vigil?sslmode=require&password=other';
    const shown = describeStoreLocation(resolveStoreLocation(url, '/d'));
    expect(shown).toBe('postgres://vigil:***@db.internal:5432/vigil?sslmode=require&password=***');
    expect(shown).not.toMatch(/s3cr|other/);
    expect(describeStoreLocation({ kind: 'sqlite', path: '/x.sqlite' })).toBe('sqlite:/x.sqlite');
  });
});
