/** Numbered migrations, applied in order; a version once released is never edited. */
import { migration001 } from './001-initial.js';
import { migration002 } from './002-token-scopes.js';
import { migration003 } from './003-byod-consent.js';
import { migration004 } from './004-token-ownership.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004];
