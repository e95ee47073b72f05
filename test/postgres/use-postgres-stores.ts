/** vitest setup file of the `postgres` project: this test file's stores are PostgreSQL schemas. */
import { afterAll, inject } from 'vitest';
import { postgresTestStores } from '../../service/src/test-support/postgres-stores.js';
import { useTestStores } from '../../service/src/test-support/stores.js';

const stores = postgresTestStores(inject('vigilPostgresUrl'));
useTestStores(stores);
afterAll(() => stores.close());
