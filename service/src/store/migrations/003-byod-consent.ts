/**
 * BYOD: a personal device is enrolled only with the employee's consent to a plain-language
 * statement; we keep which version they accepted and when (issue #11). `devices.ownership`
 * already exists (it was filled from reports); from now on enrollment sets it. Devices enrolled
 * before keep NULL consent and whatever ownership their reports declared.
 */
export const migration003 = {
  version: 3,
  name: 'byod-consent',
  sql: `
ALTER TABLE devices ADD COLUMN consent_statement_version TEXT;
ALTER TABLE devices ADD COLUMN consent_accepted_at INTEGER;
`,
};
