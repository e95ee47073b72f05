/**
 * Opens the store a `StoreLocation` names. A PostgreSQL store also brings the key material that
 * replicas share; a SQLite store has none (its service keeps keys in the data directory).
 */
import type { KeyMaterialStore } from './key-material.js';
import type { StoreLocation } from './location.js';
import { openPostgresStore } from './postgres/postgres-store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './types.js';

export interface OpenedStore {
  store: Store;
  /** Present when several processes share the store: the CA and result keys live there. */
  keyMaterial?: KeyMaterialStore;
}

export interface OpenStoreOptions {
  /**
   * SQLite: a short-lived CLI command (default false, the service), which neither claims the
   * file for itself nor runs WAL checkpoints in a worker.
   */
  shortLived?: boolean;
  /** PostgreSQL: shown in pg_stat_activity. */
  applicationName?: string;
  /** PostgreSQL: an idle pooled connection failed (logged; the next query reconnects). */
  onIdleError?: (error: Error) => void;
}

export async function openStore(location: StoreLocation, options: OpenStoreOptions = {}): Promise<OpenedStore> {
  if (location.kind === 'sqlite') {
    return {
      store: openSqliteStore(location.path, { shortLived: options.shortLived ?? false }),
    };
  }
  const store = await openPostgresStore({
    url: location.url,
    max: location.poolSize,
    ...(options.applicationName ? { applicationName: options.applicationName } : {}),
    ...(options.onIdleError ? { onIdleError: options.onIdleError } : {}),
  });
  return { store, keyMaterial: store.keyMaterial };
}
