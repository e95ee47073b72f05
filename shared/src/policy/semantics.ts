/**
 * Checks a schema-valid policy for settings that contradict each other. Kept apart from the
 * schema so each problem gets a sentence an IT admin can act on.
 */
import type { Policy } from './schema.js';
import { compareVersions } from './version.js';

export interface SemanticProblem {
  path: string[];
  message: string;
}

/** Checks whose value is a yes/no fact, so `never` (must be off) has a meaning. */
const INVERTIBLE_CHECKS = new Set(['disk.encryption', 'net.firewall']);

export function checkPolicySemantics(policy: Policy): SemanticProblem[] {
  const problems: SemanticProblem[] = [];
  for (const [check, rule] of Object.entries(policy.checks)) {
    if (rule?.requirement === 'never' && !INVERTIBLE_CHECKS.has(check)) {
      problems.push({
        path: ['checks', check, 'requirement'],
        message: `"never" needs a yes/no check; ${check} has no opposite to require`,
      });
    }
  }
  const rules = policy.checks['os.version']?.rules;
  const versionRules = [
    ...Object.entries(rules?.linux ?? {}).map(([distro, rule]) => ({ path: ['linux', distro], rule })),
    ...(rules?.darwin ? [{ path: ['darwin'], rule: rules.darwin }] : []),
    ...(rules?.win32 ? [{ path: ['win32'], rule: rules.win32 }] : []),
  ];
  for (const { path, rule } of versionRules) {
    if (rule.nudgeBelow !== undefined && (compareVersions(rule.nudgeBelow, rule.minimum) ?? 0) < 0) {
      problems.push({
        path: ['checks', 'os.version', 'rules', ...path, 'nudgeBelow'],
        message: `nudgeBelow (${rule.nudgeBelow}) is lower than minimum (${rule.minimum})`,
      });
    }
  }
  return problems;
}
