/**
 * Gateway tokens (background-check reads) live next to admin tokens, told apart by `scope`.
 * Existing tokens are admin tokens. Admin routes accept only `admin`, the background-check
 * route only `gateway`, so neither kind of token can stand in for the other.
 */
export const migration002 = {
  version: 2,
  name: 'token-scopes',
  sql: `
ALTER TABLE admin_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'admin' CHECK (scope IN ('admin', 'gateway'));
`,
};
