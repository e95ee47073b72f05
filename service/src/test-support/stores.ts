/**
 * Which store the service tests run on. The default is SQLite in memory; the `postgres` vitest
 * project switches every test file to PostgreSQL (a fresh schema per store) through
 * `useTestStores` in its setup file, so one test suite checks both stores.
 */
import Database from 'better-sqlite3';
import type { StoreLocation } from '../store/location.js';
import { openDatabase, type Db } from '../store/sqlite/open.js';
import { sqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/types.js';

export interface TestStores {
  readonly kind: 'sqlite' | 'postgres';
  /** A fresh, empty, migrated store that no other test sees. */
  create(): Promise<Store>;
  /**
   * Where a service started by the test should keep its data: undefined for the default (SQLite
   * in the data directory), else a fresh PostgreSQL location (pass it as `--db`).
   */
  location(): Promise<StoreLocation | undefined>;
  /** A backup of `store` as it is now (a store from `create`); `restore` opens a copy of it. */
  backup(store: Store): Promise<{ restore(): Promise<Store> }>;
  /** Releases what the factory holds (connections); stores it made are closed by their owners. */
  close(): Promise<void>;
}

export function sqliteTestStores(): TestStores {
  const databases = new WeakMap<Store, Db>();
  return {
    kind: 'sqlite',
    async create() {
      const db = openDatabase(':memory:');
      const store = sqliteStore(db);
      databases.set(store, db);
      return store;
    },
    location: async () => undefined,
    async backup(store) {
      const db = databases.get(store);
      if (!db) throw new Error('backup: not a store from this factory');
      const image = db.serialize();
      return { restore: async () => sqliteStore(new Database(image)) };
    },
    close: async () => undefined,
  };
}

let current: TestStores = sqliteTestStores();

/** The stores this test run uses. */
export const testStores = (): TestStores => current;

/** Switches the stores of this test file (called from a vitest setup file). */
export function useTestStores(stores: TestStores): void {
  current = stores;
}
