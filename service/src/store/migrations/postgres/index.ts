/**
 * PostgreSQL migrations: one twin per SQLite migration, same version and name (the dialects
 * differ, the schema does not; parity.test.ts holds them together). Never edited once released.
 */
import type { Migration } from '../index.js';
import { postgresMigration001 } from './001-initial.js';
import { postgresMigration002 } from './002-token-scopes.js';
import { postgresMigration003 } from './003-byod-consent.js';
import { postgresMigration004 } from './004-token-ownership.js';

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  postgresMigration001,
  postgresMigration002,
  postgresMigration003,
  postgresMigration004,
];
