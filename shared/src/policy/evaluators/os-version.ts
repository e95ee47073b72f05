import type { OsVersionValue } from '../../posture.js';
import type { Policy, VersionRule } from '../schema.js';
import { compareVersions } from '../version.js';
import type { RawOutcome } from './types.js';

type OsVersionPolicy = NonNullable<Policy['checks']['os.version']>;

export function evaluateOsVersion(value: OsVersionValue, rule: OsVersionPolicy): RawOutcome {
  const label = `${value.name || value.distroId} ${value.version}`.trim();
  const versionRule = findRule(value, rule);
  if (!versionRule) {
    if (value.platform === 'linux' && rule.unlistedDistro === 'allow') {
      return { result: 'pass', reason: `${label}: the policy accepts any version of ${value.distroId}` };
    }
    return { result: 'unknown', reason: `${label}: the policy has no version rule for ${describe(value)}` };
  }
  // Windows versions are compared by build (10.0.22631.4460), the others by their version string.
  const observed = value.platform === 'win32' && value.build ? value.build : value.version;
  const belowMinimum = compareVersions(observed, versionRule.minimum);
  if (belowMinimum === null) {
    return { result: 'unknown', reason: `${label}: "${observed}" is not a version number that can be compared` };
  }
  if (belowMinimum < 0) {
    return { result: 'fail', reason: `${label} is older than the minimum ${versionRule.minimum}` };
  }
  if (versionRule.nudgeBelow !== undefined && (compareVersions(observed, versionRule.nudgeBelow) ?? 0) < 0) {
    return {
      result: 'warn',
      reason: `${label} is supported but older than ${versionRule.nudgeBelow}: plan an upgrade`,
    };
  }
  return { result: 'pass', reason: `${label} meets the minimum ${versionRule.minimum}` };
}

function findRule(value: OsVersionValue, rule: OsVersionPolicy): VersionRule | undefined {
  if (value.platform === 'linux') return rule.rules.linux?.[value.distroId];
  return rule.rules[value.platform];
}

function describe(value: OsVersionValue): string {
  return value.platform === 'linux' ? `the Linux distribution "${value.distroId}"` : value.platform;
}
