/**
 * One transaction on one pooled connection. READ COMMITTED plus explicit row locks (`FOR NO KEY
 * UPDATE` on the device, `FOR UPDATE` on a token) and advisory transaction locks: what must be
 * exactly-once across replicas waits for the lock instead of failing. A deadlock or
 * serialization failure (none expected with this lock order) is retried a few times.
 */
import type { Client, Pool } from './pool.js';

const RETRYABLE = new Set(['40001', '40P01']);
const ATTEMPTS = 3;

export async function inTransaction<T>(pool: Pool, work: (tx: Client) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await once(pool, work);
    } catch (error) {
      if (attempt >= ATTEMPTS || !RETRYABLE.has((error as { code?: string }).code ?? '')) throw error;
    }
  }
}

async function once<T>(pool: Pool, work: (tx: Client) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A connection that cannot even roll back is discarded rather than returned to the pool.
    await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}

/** Namespace (first key) of every advisory lock Vigil takes; the second key says what is locked. */
export const ADVISORY_NAMESPACE = 0x5616_11;
