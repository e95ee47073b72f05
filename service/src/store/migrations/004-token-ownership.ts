/**
 * An enrollment token may pin the ownership its device enrolls with. Without it, an employee
 * given a code for a company device could enroll it as personal and hide its posture from admins
 * (they see verdicts only for personal devices). NULL: not pinned (tokens made before, and plain
 * tokens made without an ownership).
 */
export const migration004 = {
  version: 4,
  name: 'token-ownership',
  sql: `
ALTER TABLE enrollment_tokens ADD COLUMN ownership TEXT;
`,
};
