/**
 * The connection pool. BIGINT columns hold epoch milliseconds, sequence numbers and counts, all
 * far below 2^53, so they are parsed as numbers (pg returns strings by default); rows then look
 * exactly like SQLite's and share its mapping.
 */
import pg from 'pg';

export type Pool = pg.Pool;
export type Client = pg.PoolClient;

const INT8_OID = 20;
const numericInt8: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PoolOptions {
  url: string;
  max: number;
  /** Shows in pg_stat_activity, so a DBA can tell replicas apart. */
  applicationName?: string;
  /** An idle connection failed (server restart, network): the next query reconnects. */
  onIdleError?: (error: Error) => void;
}

export function createPool(options: PoolOptions): Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max,
    application_name: options.applicationName ?? 'vigil-service',
    types: numericInt8,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // Without a listener an idle client's error would crash the process.
  pool.on('error', (error) => options.onIdleError?.(withoutClient(error)));
  return pool;
}

/**
 * pg-pool attaches the client to an idle client's error, and with it the connection parameters,
 * password included: a logger serializing the error would print it. Pass on message and code only.
 */
function withoutClient(error: Error): Error {
  const safe = new Error(error.message);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(safe, { code });
  return safe;
}
