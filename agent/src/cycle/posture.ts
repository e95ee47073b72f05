/** One posture collection → a PostureReport (raw observations; no appraisal here). */
import { hostname } from 'node:os';
import {
  isPlatform,
  POSTURE_REPORT_SCHEMA_ID,
  type CheckId,
  type Platform,
  type PostureReport,
} from '@vigil/shared/core';
import type { UserSession } from '../platform/session.js';
import { AGENT_NAME, AGENT_VERSION } from '../version.js';

export interface PostureSettings {
  checks?: readonly CheckId[];
  checkTimeoutMs: number;
  ownership: 'managed' | 'personal';
  /** False for a user-mode agent: checks that need root/administrator report `unsupported`. */
  privileged?: boolean;
  /** The user session per-user checks read; the system daemon has none. */
  session?: UserSession | null;
  /** Where slow-probe answers persist between cycles (each cycle is a new process). */
  slowProbeFile?: string;
}

/**
 * Whether collectors may treat "the OS refused: needs root/administrator" as `unsupported`. Only
 * the personal mode's user-mode agent runs without those rights by design; a managed device's
 * agent is meant to have them, so there a refusal stays an error to fix, never a soft answer.
 */
export function collectsAsPrivileged(config: {
  ownership: 'managed' | 'personal';
  runAs: { privileged: boolean };
}): boolean {
  return config.runAs.privileged || config.ownership !== 'personal';
}

export function currentPlatform(): Platform | null {
  return isPlatform(process.platform) ? process.platform : null;
}

export async function collectPostureReport(
  settings: PostureSettings,
  now: () => Date = () => new Date(),
): Promise<PostureReport> {
  const platform = currentPlatform();
  if (!platform) throw new Error(`unsupported platform ${process.platform}`);
  // Loaded on first use: the daemon between cycles should not hold the collectors' code.
  const [{ collectPosture }, { createRealIO }] = await Promise.all([
    import('../collectors/collect.js'),
    import('../platform/io.js'),
  ]);
  const collectedAt = now().toISOString();
  const observations = await collectPosture({
    platform,
    io: createRealIO({
      session: settings.session ?? null,
      ...(settings.slowProbeFile ? { slowProbeFile: settings.slowProbeFile } : {}),
    }),
    timeoutMs: settings.checkTimeoutMs,
    ...(settings.checks ? { only: settings.checks } : {}),
    ...(settings.privileged === false ? { privileged: false } : {}),
  });
  const report: PostureReport = {
    schema: POSTURE_REPORT_SCHEMA_ID,
    device: {
      platform,
      arch: process.arch,
      ...(settings.ownership === 'managed' ? { hostname: hostname() } : {}),
      ownership: settings.ownership,
    },
    agent: { name: AGENT_NAME, version: AGENT_VERSION },
    collectedAt,
    observations,
  };
  if (settings.ownership === 'managed') return report;
  // A personal (BYOD) device: no host name, and every string cleaned of identifiers.
  const { personalPosture } = await import('../privacy/personal-report.js');
  return personalPosture(report);
}
