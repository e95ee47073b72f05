import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './index.js';
import { POSTGRES_MIGRATIONS } from './postgres/index.js';

/** `table.column` for every column a migration creates (CREATE TABLE bodies and ADD COLUMN). */
function columns(sql: string): string[] {
  const found: string[] = [];
  for (const [, table, body] of sql.matchAll(/CREATE (?:UNLOGGED )?TABLE (\w+) \(([\s\S]*?)\n\);/g)) {
    for (const line of body!.split('\n')) {
      const name = /^\s*(\w+) [A-Z]/.exec(line)?.[1];
      if (name && !['PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN'].includes(name)) found.push(`${table}.${name}`);
    }
  }
  for (const [, table, name] of sql.matchAll(/ALTER TABLE (\w+) ADD COLUMN (\w+)/g)) found.push(`${table}.${name}`);
  return found.sort();
}

/** Tables only the PostgreSQL schema has (see postgres/001-initial.ts for why). */
const POSTGRES_ONLY_TABLES = ['idempotency_pending', 'key_material', 'nonces'];

describe('migration sets', () => {
  it('have a PostgreSQL twin for every SQLite migration: same versions, same names, same order', () => {
    const numbers = (set: readonly { version: number; name: string }[]) => set.map((m) => `${m.version} ${m.name}`);
    expect(numbers(POSTGRES_MIGRATIONS)).toEqual(numbers(MIGRATIONS));
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('create the same columns in the same tables, migration by migration', () => {
    MIGRATIONS.forEach((migration, i) => {
      const sqlite = columns(migration.sql);
      const postgres = columns(POSTGRES_MIGRATIONS[i]!.sql).filter(
        (column) => !POSTGRES_ONLY_TABLES.includes(column.split('.')[0]!),
      );
      expect(sqlite.length, `migration ${migration.version} parses`).toBeGreaterThan(0);
      expect(postgres, `migration ${migration.version}`).toEqual(sqlite);
    });
  });
});
