/**
 * Where the service keeps its data: `--db` / `VIGIL_DB`. Nothing (the default) is the SQLite
 * file in the data directory; `sqlite:PATH` another SQLite file; `postgres://…` (or
 * `postgresql://…`) a PostgreSQL database that several replicas may share. A connection string
 * may hold a password, so it is only ever shown through `describeStoreLocation`.
 */
import { dataPaths } from '../data-dir.js';
import { StoreError } from './errors.js';

export type StoreLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; poolSize: number };

export const DEFAULT_POOL_SIZE = 10;

export function resolveStoreLocation(
  db: string | undefined,
  dataDir: string,
  poolSize: number = DEFAULT_POOL_SIZE,
): StoreLocation {
  const value = db?.trim() ?? '';
  if (value === '') return { kind: 'sqlite', path: dataPaths(dataDir).database };
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length);
    if (path === '') throw new StoreError('VIGIL_STORE_LOCATION_INVALID', 'sqlite: needs a file path');
    return { kind: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//i.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      // Not echoed: the string may carry a password.
      throw new StoreError('VIGIL_STORE_LOCATION_INVALID', 'the PostgreSQL connection string is not a valid URL');
    }
    if (url.pathname.length <= 1 && !url.searchParams.has('dbname'))
      throw new StoreError('VIGIL_STORE_LOCATION_INVALID', 'the PostgreSQL connection string names no database');
    if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 1000)
      throw new StoreError('VIGIL_STORE_LOCATION_INVALID', 'the connection pool size must be 1..1000');
    return { kind: 'postgres', url: value, poolSize };
  }
  throw new StoreError(
    'VIGIL_STORE_LOCATION_INVALID',
    'the database must be postgres://…, postgresql://… or sqlite:PATH (default: SQLite in the data directory)',
  );
}

/** For logs and start-up output: the password (user info or `password=` parameter) replaced. */
export function describeStoreLocation(location: StoreLocation): string {
  if (location.kind === 'sqlite') return `sqlite:${location.path}`;
  try {
    const url = new URL(location.url);
    if (url.password) url.password = '***';
    if (url.searchParams.has('password')) url.searchParams.set('password', '***');
    return url.toString();
  } catch {
    return 'postgres://(unreadable)';
  }
}
