/** An idle pooled connection that dies is reported without the connection's password. */
import { describe, expect, it } from 'vitest';
import { testStores } from '../../test-support/stores.js';
import { createPool } from './pool.js';

describe('PostgreSQL pool', () => {
  it('reports an idle connection killed by the server with message and code only', async () => {
    const location = await testStores().location();
    if (location?.kind !== 'postgres') throw new Error('this test runs in the postgres vitest project');
    const password = new URL(location.url).password;
    expect(password.length).toBeGreaterThan(0);
    const reported: Error[] = [];
    const pool = createPool({ url: location.url, max: 1, onIdleError: (error) => reported.push(error) });
    const killer = createPool({ url: location.url, max: 1 });
    try {
      const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await killer.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      for (let i = 0; i < 100 && reported.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(reported).toHaveLength(1);
      expect(reported[0]).toMatchObject({ code: '57P01' });
      expect(Object.keys(reported[0]!)).toEqual(['code']);
      expect(JSON.stringify(reported[0], Object.getOwnPropertyNames(reported[0]))).not.toContain(password);
      // The pool replaces the dead connection on the next query.
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await Promise.all([pool.end(), killer.end()]);
    }
  });
});
