/**
 * The one policy evaluator, run identically by `vigil check` on the device and by the compliance
 * service. Unknown, unsupported or missing evidence is never turned into a pass, except where the
 * policy explicitly says `if_supported` and the platform cannot tell.
 */
import { CHECK_IDS, type CheckId, type Platform } from '../checks.js';
import type { CheckValues, Observation, PostureReport } from '../posture.js';
import { evaluateAgentIntegrity } from './evaluators/agent-integrity.js';
import { evaluateAvEnabled } from './evaluators/av-enabled.js';
import { evaluateBootSecure } from './evaluators/boot-secure.js';
import { evaluateDeviceTpm } from './evaluators/device-tpm.js';
import { evaluateDiskEncryption } from './evaluators/disk-encryption.js';
import { evaluateNetFirewall } from './evaluators/net-firewall.js';
import { evaluateOsAutoUpdates } from './evaluators/os-auto-updates.js';
import { evaluateOsPatches } from './evaluators/os-patches.js';
import { evaluateOsVersion } from './evaluators/os-version.js';
import { evaluateScreenLock } from './evaluators/screen-lock.js';
import type { EvaluationContext, RawOutcome } from './evaluators/types.js';
import type { Policy, Requirement } from './schema.js';
import type { CheckVerdict, EnforcementAction, OverallStatus, Verdict } from './verdict.js';

export interface EvaluateOptions {
  now?: Date;
  /** When each currently failing check first failed (for warn-then-block grace periods). */
  firstFailedAt?: Partial<Record<CheckId, string>>;
}

type Rules = Policy['checks'];
type RuleEvaluator<C extends CheckId> = (
  value: CheckValues[C],
  rule: NonNullable<Rules[C]>,
  ctx: EvaluationContext,
) => RawOutcome;

const EVALUATORS: { [C in CheckId]: RuleEvaluator<C> } = {
  'os.version': evaluateOsVersion,
  'os.patches': evaluateOsPatches,
  'disk.encryption': evaluateDiskEncryption,
  'net.firewall': evaluateNetFirewall,
  'os.auto_updates': evaluateOsAutoUpdates,
  'screen.lock': evaluateScreenLock,
  'boot.secure': evaluateBootSecure,
  'device.tpm': evaluateDeviceTpm,
  'av.enabled': evaluateAvEnabled,
  'agent.integrity': evaluateAgentIntegrity,
};

const DAY_MS = 86_400_000;

export function evaluatePolicy(report: PostureReport, policy: Policy, options: EvaluateOptions = {}): Verdict {
  const now = options.now ?? new Date();
  const platform = report.device.platform;
  const checks: CheckVerdict[] = [];
  for (const check of CHECK_IDS) {
    const rule = policy.checks[check];
    if (!rule) continue; // not in the policy: not evaluated
    const observation = report.observations[check] as Observation | undefined;
    const raw = judge(check, observation, rule, { now });
    const applied = applyRequirement(rule.requirement, raw, observation);
    const verdict: CheckVerdict = {
      check,
      result: applied.result,
      requirement: rule.requirement,
      observed: observation?.state ?? 'missing',
      reason: applied.reason,
    };
    if (verdict.result !== 'pass') addRemediation(verdict, policy, check, platform);
    applyGrace(verdict, policy, rule.graceDays, options.firstFailedAt?.[check], now);
    checks.push(verdict);
  }
  const status = overallStatus(checks);
  const deadlines = checks.flatMap((c) => (c.deadline ? [c.deadline] : [])).sort();
  return {
    status,
    policyId: policy.id,
    evaluatedAt: now.toISOString(),
    enforcement: { mode: policy.enforcement.mode, action: enforcementAction(policy.enforcement.mode, status) },
    ...(deadlines[0] ? { deadline: deadlines[0] } : {}),
    checks,
  };
}

function judge(
  check: CheckId,
  observation: Observation | undefined,
  rule: NonNullable<Rules[CheckId]>,
  ctx: EvaluationContext,
): RawOutcome {
  if (!observation) return { result: 'unknown', reason: 'the agent did not report this check' };
  if (observation.state === 'unsupported')
    return { result: 'unknown', reason: `cannot be checked here: ${observation.reason}` };
  if (observation.state === 'error')
    return { result: 'unknown', reason: `could not be read: ${observation.message} (${observation.code})` };
  const evaluator = EVALUATORS[check] as RuleEvaluator<CheckId>;
  return evaluator(observation.value, rule as never, ctx);
}

function applyRequirement(requirement: Requirement, raw: RawOutcome, observation: Observation | undefined): RawOutcome {
  switch (requirement) {
    case 'always':
      return raw;
    case 'if_supported':
      // The policy's explicit choice: a platform that cannot tell is not held against the device.
      return observation?.state === 'unsupported' ? { result: 'pass', reason: `not applicable: ${raw.reason}` } : raw;
    case 'suggested':
      return raw.result === 'pass' ? raw : { result: 'warn', reason: `suggested: ${raw.reason}` };
    case 'never':
      if (raw.result === 'pass') return { result: 'fail', reason: `must be off: ${raw.reason}` };
      if (raw.result === 'fail') return { result: 'pass', reason: `off as required: ${raw.reason}` };
      return raw;
  }
}

function addRemediation(verdict: CheckVerdict, policy: Policy, check: CheckId, platform: Platform): void {
  const remediation = policy.remediation[check];
  const text = remediation?.[platform];
  if (text) verdict.remediation = text;
  if (remediation?.url) verdict.remediationUrl = remediation.url;
}

/** Under warn-then-block a failing check warns until its deadline, then fails. */
function applyGrace(
  verdict: CheckVerdict,
  policy: Policy,
  checkGrace: number | undefined,
  firstFailedAt: string | undefined,
  now: Date,
): void {
  if (policy.enforcement.mode !== 'warn-then-block' || verdict.result !== 'fail') return;
  const grace = checkGrace ?? policy.enforcement.graceDays;
  if (grace <= 0) return;
  const started = firstFailedAt ? Date.parse(firstFailedAt) : now.getTime();
  const deadline = (Number.isNaN(started) ? now.getTime() : started) + grace * DAY_MS;
  if (deadline <= now.getTime()) return;
  verdict.result = 'warn';
  verdict.deadline = new Date(deadline).toISOString();
  verdict.reason = `${verdict.reason} (fix before ${verdict.deadline} to keep access)`;
}

export function overallStatus(checks: readonly CheckVerdict[]): OverallStatus {
  if (checks.some((c) => c.result === 'fail')) return 'noncompliant';
  if (checks.some((c) => c.result === 'unknown')) return 'unknown';
  if (checks.some((c) => c.result === 'warn')) return 'warning';
  return checks.length > 0 ? 'compliant' : 'unknown';
}

function enforcementAction(mode: Policy['enforcement']['mode'], status: OverallStatus): EnforcementAction {
  if (status === 'compliant') return 'allow';
  switch (mode) {
    case 'report':
      return 'allow';
    case 'notify':
      return 'notify';
    case 'warn-then-block':
      return status === 'warning' ? 'warn' : 'block';
    case 'block':
      return status === 'warning' ? 'notify' : 'block';
  }
}
