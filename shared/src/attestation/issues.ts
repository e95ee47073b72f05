import type { z } from 'zod';

/** One line naming the first few schema problems, for error messages sent to clients. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], max = 5): string {
  const shown = issues
    .slice(0, max)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
  const more = issues.length > max ? ` (+${issues.length - max} more)` : '';
  return shown.join('; ') + more;
}
