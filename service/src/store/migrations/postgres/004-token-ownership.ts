/** PostgreSQL twin of ../004-token-ownership.ts: the ownership a token pins, NULL when not pinned. */
export const postgresMigration004 = {
  version: 4,
  name: 'token-ownership',
  sql: `
ALTER TABLE enrollment_tokens ADD COLUMN ownership TEXT;
`,
};
