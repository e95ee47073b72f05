import type { AgentIntegrityValue } from '../../posture.js';
import type { Policy } from '../schema.js';
import { compareVersions } from '../version.js';
import type { RawOutcome } from './types.js';

type AgentIntegrityPolicy = NonNullable<Policy['checks']['agent.integrity']>;

/**
 * The agent reports its own version and code hash. A modified agent could lie about both, so this
 * catches corrupted, partial or unofficial installs; the signed attestation is what binds a report
 * to a genuine device key.
 */
export function evaluateAgentIntegrity(value: AgentIntegrityValue, rule: AgentIntegrityPolicy): RawOutcome {
  const short = value.sha256.slice(0, 12);
  if (rule.minimumVersion !== undefined && (compareVersions(value.version, rule.minimumVersion) ?? -1) < 0) {
    return { result: 'fail', reason: `Vigil agent ${value.version} is older than the required ${rule.minimumVersion}` };
  }
  if (rule.expectedSha256 && !rule.expectedSha256.includes(value.sha256)) {
    return {
      result: 'fail',
      reason: `Vigil agent ${value.version} code hash ${short}… is not one of the expected builds`,
    };
  }
  const judged = rule.expectedSha256 ? 'matches an expected build' : 'reported (no expected hash in the policy)';
  return {
    result: 'pass',
    reason: `Vigil agent ${value.version}, ${value.files} code files, hash ${short}… ${judged}`,
  };
}
