/** PostgreSQL twin of ../003-byod-consent.ts: which consent statement a personal device accepted, and when. */
export const postgresMigration003 = {
  version: 3,
  name: 'byod-consent',
  sql: `
ALTER TABLE devices ADD COLUMN consent_statement_version TEXT;
ALTER TABLE devices ADD COLUMN consent_accepted_at BIGINT;
`,
};
