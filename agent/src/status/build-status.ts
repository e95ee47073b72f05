/**
 * The AgentStatus served to the tray and `vigil status`: built from the cache on every request,
 * so the daemon, a CLI fallback and the tray all see one truth. The status comes only from the
 * latest signed result while it is valid; expired or absent → `unknown`, never green.
 */
import {
  AGENT_STATUS_SCHEMA_ID,
  CHECK_TITLES,
  isCheckId,
  VerdictSchema,
  type AgentStatus,
  type ConsentStatus,
  type Observation,
  type PostureReport,
  type StatusCheck,
  type Verdict,
} from '@vigil/shared/core';
import type { AgentCache } from '../cache/index.js';
import type { AgentConfig } from '../config/index.js';
import { decodeClaims } from '../cycle/decode-claims.js';
import { readServiceState } from '../cycle/service-state.js';
import { currentPlatform } from '../cycle/posture.js';
import { renewalTime, type DeviceIdentity } from '../identity/index.js';
import { AGENT_NAME, AGENT_VERSION } from '../version.js';
import { collectionAllowed, consentRefusal, consentStatus } from '../consent/state.js';

type Problem = { code: string; message: string };

export interface StatusInput {
  config: AgentConfig;
  startedAt: string;
  now: Date;
  identity: DeviceIdentity | null;
  cache: AgentCache | null;
  nextCollectionAt: Date | null;
  /** Problems the caller knows of (cache unavailable, identity unreadable…). */
  problems?: Problem[];
  /** Personal mode's consent; default: read as "no decision" (pending on a personal device). */
  consent?: ConsentStatus;
}

export async function buildStatus(input: StatusInput): Promise<AgentStatus> {
  const { config, identity, cache, now } = input;
  const problems: Problem[] = [...(input.problems ?? [])];
  const consent = input.consent ?? consentStatus(config.ownership, null);
  if (!collectionAllowed(consent)) {
    const refusal = consentRefusal(consent);
    problems.unshift({ code: refusal.code, message: refusal.message });
  }
  const stored = cache?.results.latest() ?? null;
  const result = stored && identity && stored.deviceId === identity.deviceId ? stored : null;
  const verdict = result ? parseVerdict(result.verdictJson) : null;
  const valid = result !== null && verdict !== null && result.expiresAt > now.getTime();
  const last = cache?.reports.last() ?? null;
  const posture = last ? safePosture(last.jws) : null;
  const service = cache ? readServiceState(cache) : null;

  let checks: StatusCheck[] = [];
  let source: AgentStatus['source'] = 'none';
  let localPolicyId: string | undefined;
  if (verdict) {
    checks = toChecks(verdict, posture);
    source = valid ? 'service' : 'none';
  } else if (posture) {
    // No service result yet: show the agent's own reading, but the status stays unknown. The
    // evaluator and the default policy (YAML) load only now: a daemon with a result never needs them.
    const { evaluatePolicy, DEFAULT_POLICY } = await import('@vigil/shared/policy');
    localPolicyId = DEFAULT_POLICY.id;
    checks = toChecks(evaluatePolicy(posture, DEFAULT_POLICY, { now }), posture);
    source = 'local';
  }
  if (posture) problems.push(...collectorProblems(posture));
  if (!identity) problems.push({ code: 'VIGIL_IDENTITY_NOT_ENROLLED', message: 'this device is not enrolled' });
  else if (identity.certificate.notAfter.getTime() <= now.getTime()) {
    problems.push({
      code: 'VIGIL_IDENTITY_CERT_EXPIRED',
      message: 'the device certificate has expired: re-enroll with "vigil enroll --force"',
    });
  }

  return {
    schema: AGENT_STATUS_SCHEMA_ID,
    agent: { name: AGENT_NAME, version: AGENT_VERSION, startedAt: input.startedAt },
    device: {
      ...(identity ? { id: identity.deviceId } : {}),
      enrolled: identity !== null,
      platform: currentPlatform() ?? 'linux',
      ownership: config.ownership,
    },
    status: valid && verdict ? verdict.status : 'unknown',
    source,
    ...(valid && verdict
      ? { enforcement: verdict.enforcement, ...(verdict.deadline ? { deadline: verdict.deadline } : {}) }
      : {}),
    result: result
      ? {
          verifiedAt: iso(result.issuedAt),
          validUntil: iso(result.expiresAt),
          expired: result.expiresAt <= now.getTime(),
        }
      : null,
    lastCollectedAt: last?.collectedAt ?? null,
    lastPushedAt: service?.lastPushedAt ?? null,
    nextCollectionAt: input.nextCollectionAt ? input.nextCollectionAt.toISOString() : null,
    certificate: identity
      ? {
          expiresAt: identity.certificate.notAfter.toISOString(),
          renewAt: renewalTime(identity.certificate).toISOString(),
        }
      : null,
    service: {
      url: identity?.serverUrl ?? config.serverUrl ?? null,
      reachable: service ? service.reachable : null,
      checkedAt: service?.checkedAt ?? null,
      ...(service?.lastError ? { lastError: service.lastError } : {}),
    },
    checks,
    policy: {
      id: verdict?.policyId ?? localPolicyId ?? 'unknown',
      allowHideWhenHealthy: config.tray.allowHideWhenHealthy,
      ...(config.tray.helpUrl ? { helpUrl: config.tray.helpUrl } : {}),
    },
    problems,
    consent,
  };
}

function toChecks(verdict: Verdict, posture: PostureReport | null): StatusCheck[] {
  return verdict.checks.map((c) => {
    const observation = posture?.observations[c.check] as Observation | undefined;
    return {
      check: c.check,
      title: CHECK_TITLES[c.check],
      result: c.result,
      reason: c.reason,
      ...(c.remediation ? { remediation: c.remediation } : {}),
      ...(c.remediationUrl ? { remediationUrl: c.remediationUrl } : {}),
      ...(c.deadline ? { deadline: c.deadline } : {}),
      evidence: observation && 'evidence' in observation ? (observation.evidence ?? []) : [],
      ...(observation ? { collectedAt: observation.collectedAt } : {}),
    };
  });
}

function collectorProblems(posture: PostureReport): Problem[] {
  return Object.entries(posture.observations)
    .filter(([check, o]) => isCheckId(check) && o?.state === 'error')
    .map(([check, o]) => {
      const failed = o as Extract<Observation, { state: 'error' }>;
      return { code: failed.code, message: `${check}: ${failed.message}` };
    });
}

function parseVerdict(json: string): Verdict | null {
  try {
    const parsed = VerdictSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function safePosture(jws: string): PostureReport | null {
  try {
    return decodeClaims(jws).posture;
  } catch {
    return null;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
