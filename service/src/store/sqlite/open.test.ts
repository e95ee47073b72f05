import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../migrations/index.js';
import { openDatabase } from './open.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-store-'));
  dirs.push(dir);
  return join(dir, 'test.sqlite');
};

describe('openDatabase', () => {
  it('creates an 8 KiB-page WAL database with numbered migrations recorded', () => {
    const path = tempDb();
    const db = openDatabase(path);
    expect(db.pragma('page_size', { simple: true })).toBe(8192);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.prepare('SELECT version, name FROM schema_version').all()).toEqual(
      MIGRATIONS.map(({ version, name }) => ({ version, name })),
    );
    db.close();
    const again = openDatabase(path);
    expect(again.prepare('SELECT COUNT(*) AS n FROM schema_version').get()).toEqual({ n: MIGRATIONS.length });
    again.close();
  });

  it('applies later migrations once, in order', () => {
    const path = tempDb();
    const first = MIGRATIONS.slice(0, 1);
    openDatabase(path, first).close();
    const next = [...first, { version: 2, name: 'add-note', sql: 'ALTER TABLE devices ADD COLUMN note TEXT;' }];
    const db = openDatabase(path, next);
    expect(db.prepare('SELECT version FROM schema_version ORDER BY version').all()).toEqual([
      { version: 1 },
      { version: 2 },
    ]);
    db.close();
    openDatabase(path, next).close();
  });

  it('refuses a database written by a newer service', () => {
    const path = tempDb();
    openDatabase(path, [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'future', sql: 'SELECT 1;' }]).close();
    expect(() => openDatabase(path)).toThrow(/newer than this service/);
  });
});
