/** One posture collection → a PostureReport (raw observations; no appraisal here). */
import { hostname } from 'node:os';
import { isPlatform, POSTURE_REPORT_SCHEMA_ID, type CheckId, type Platform, type PostureReport } from '@vigil/shared';
import { AGENT_NAME, AGENT_VERSION } from '../version.js';

export interface PostureSettings {
  checks?: readonly CheckId[];
  checkTimeoutMs: number;
  ownership: 'managed' | 'personal';
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
    io: createRealIO(),
    timeoutMs: settings.checkTimeoutMs,
    ...(settings.checks ? { only: settings.checks } : {}),
  });
  return {
    schema: POSTURE_REPORT_SCHEMA_ID,
    // A personal (BYOD) device does not report its host name.
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
}
