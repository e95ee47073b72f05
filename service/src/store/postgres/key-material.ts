/**
 * `key_material` rows: the CA and result-signing keys every replica shares. An update holds an
 * advisory transaction lock per name (a row lock cannot cover a row that does not exist yet), so
 * the first replica to start creates the material and the others wait, then read it.
 */
import type { KeyMaterialStore } from '../key-material.js';
import type { Pool } from './pool.js';
import { ADVISORY_NAMESPACE, inTransaction } from './transaction.js';

export function keyMaterialQueries(pool: Pool): KeyMaterialStore {
  return {
    async read(name) {
      const { rows } = await pool.query<{ value: string }>('SELECT value FROM key_material WHERE name = $1', [name]);
      return rows[0]?.value;
    },
    update: (name, change) =>
      inTransaction(pool, async (tx) => {
        await tx.query(
          `SELECT pg_advisory_xact_lock(${ADVISORY_NAMESPACE}, hashtext('vigil-key-material:' || current_schema() || ':' || $1))`,
          [name],
        );
        const { rows } = await tx.query<{ value: string }>('SELECT value FROM key_material WHERE name = $1', [name]);
        const current = rows[0]?.value;
        const next = await change(current);
        if (next === undefined || next === current) return current;
        await tx.query(
          `INSERT INTO key_material (name, value, updated_at) VALUES ($1, $2, $3)
           ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
          [name, next, Date.now()],
        );
        return next;
      }),
  };
}
