/**
 * `vigil check [--json] [--policy FILE] [--only CHECK]`: collect this device's posture now,
 * judge it with the policy and show the evidence behind every verdict.
 */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import {
  CHECK_IDS,
  DEFAULT_POLICY,
  POSTURE_REPORT_SCHEMA_ID,
  PolicyError,
  evaluatePolicy,
  formatPolicyProblems,
  isCheckId,
  isPlatform,
  parsePolicy,
  type CheckId,
  type Platform,
  type Policy,
  type PostureReport,
  type Verdict,
} from '@vigil/shared';
import { collectPosture } from '../../collectors/collect.js';
import { createRealIO } from '../../platform/io.js';
import { AGENT_NAME, AGENT_VERSION } from '../../version.js';
import { EXIT, UsageError, type ExitCode } from '../exit-codes.js';
import type { CliOutput } from '../output.js';
import { renderCheck } from '../render/check-table.js';

export interface CheckOptions {
  json: boolean;
  policyFile?: string;
  only: string[];
  timeoutMs?: number;
}

export async function runCheck(options: CheckOptions, output: CliOutput): Promise<ExitCode> {
  const only = parseOnly(options.only);
  const policy = restrictPolicy(await loadPolicy(options.policyFile), only);
  const platform = currentPlatform();
  if (output.interactive && !options.json) output.err('Collecting posture…');
  const collectedAt = new Date().toISOString();
  const observations = await collectPosture({
    platform,
    io: createRealIO(),
    ...(only ? { only } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  const report: PostureReport = {
    schema: POSTURE_REPORT_SCHEMA_ID,
    device: { platform, arch: process.arch, hostname: hostname(), ownership: 'managed' },
    agent: { name: AGENT_NAME, version: AGENT_VERSION },
    collectedAt,
    observations,
  };
  const verdict = evaluatePolicy(report, policy);
  if (options.json) output.out(JSON.stringify({ report, verdict }, null, 2));
  else output.out(renderCheck(report, verdict, { color: output.color }));
  return exitCodeFor(verdict);
}

export function exitCodeFor(verdict: Verdict): ExitCode {
  return verdict.status === 'compliant' || verdict.status === 'warning' ? EXIT.OK : EXIT.NOT_COMPLIANT;
}

function parseOnly(values: string[]): CheckId[] | undefined {
  const ids = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  if (ids.length === 0) return undefined;
  const unknown = ids.filter((id) => !isCheckId(id));
  if (unknown.length > 0) {
    throw new UsageError(`unknown check id: ${unknown.join(', ')}`, [`valid checks: ${CHECK_IDS.join(', ')}`]);
  }
  return ids as CheckId[];
}

async function loadPolicy(file: string | undefined): Promise<Policy> {
  if (!file) return DEFAULT_POLICY;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new UsageError(`cannot read policy file ${file}: ${reason}`);
  }
  try {
    return parsePolicy(text, file);
  } catch (error) {
    if (error instanceof PolicyError) {
      throw new UsageError(
        `${error.message} (${error.problems.length} problem(s)):`,
        formatPolicyProblems(file, error.problems),
      );
    }
    throw error;
  }
}

/** With --only, judge just those checks so the verdict is about what was collected. */
function restrictPolicy(policy: Policy, only: CheckId[] | undefined): Policy {
  if (!only) return policy;
  const checks = Object.fromEntries(Object.entries(policy.checks).filter(([id]) => only.includes(id as CheckId)));
  return { ...policy, checks };
}

function currentPlatform(): Platform {
  if (!isPlatform(process.platform)) throw new UsageError(`Vigil does not support the platform "${process.platform}"`);
  return process.platform;
}
