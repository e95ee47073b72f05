import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { groupCommit } from './group-commit.js';

describe('groupCommit', () => {
  it('commits requests of one turn together and isolates a failing one', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO t (id, v) VALUES (?, ?)');
    const write = groupCommit(db, (input: { id: number; v: string; fail?: boolean }) => {
      insert.run(input.id, input.v);
      if (input.fail) throw new Error('boom');
      return input.id;
    });
    const results = await Promise.allSettled([
      write({ id: 1, v: 'a' }),
      write({ id: 2, v: 'b', fail: true }),
      write({ id: 3, v: 'c' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.prepare('SELECT id FROM t ORDER BY id').pluck().all()).toEqual([1, 3]);
    await expect(write({ id: 1, v: 'dup' })).rejects.toThrow(/UNIQUE/);
    expect(await write({ id: 4, v: 'd' })).toBe(4);
    db.close();
  });
});
