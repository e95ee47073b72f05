/** PostgreSQL twin of ../002-token-scopes.ts: gateway tokens next to admin tokens, by `scope`. */
export const postgresMigration002 = {
  version: 2,
  name: 'token-scopes',
  sql: `
ALTER TABLE admin_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'admin' CHECK (scope IN ('admin', 'gateway'));
`,
};
