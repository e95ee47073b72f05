/**
 * What admins may see of a device (issue #11). Managed devices: everything, raw posture
 * included. Personal (BYOD) devices: verdicts only — overall and per-check status, timestamps,
 * chain and certificate state — and never posture, evidence, hostname, or platform details
 * beyond the OS family. Per-check `reason`s are withheld too, because they quote what was
 * observed (mount points, OS versions), and so is the EAR token (its own per-check claims are
 * results only since personal EARs dropped reasons, but older tokens may still carry them).
 *
 * The personal view is built from an allowlist, so a field added to the full view later does
 * not leak into it. No request parameter selects the view: only the device's ownership does.
 */
import type { CheckVerdict, Verdict } from '@vigil/shared';
import type { ServiceContext } from '../../context.js';
import type { DeviceRecord, ReportRecord } from '../../store/types.js';
import { presentDevice, presentReport, reportSummary } from '../devices/present.js';

export type Visibility = 'full' | 'verdicts-only';

/** Unknown ownership (enrolled before it was recorded, never reported) gets the cautious view. */
export const visibilityOf = (device: Pick<DeviceRecord, 'ownership'>): Visibility =>
  device.ownership === 'managed' ? 'full' : 'verdicts-only';

export function adminDeviceView(ctx: ServiceContext, device: DeviceRecord, now: Date) {
  const full = presentDevice(ctx, device, now);
  const visibility = visibilityOf(device);
  const consent = device.consent
    ? { statementVersion: device.consent.statementVersion, acceptedAt: device.consent.acceptedAt.toISOString() }
    : null;
  if (visibility === 'full') return { ...full, visibility, consent };
  return {
    id: full.id,
    status: full.status,
    statusReason: full.statusReason,
    stale: full.stale,
    forked: full.forked,
    forkedAt: full.forkedAt,
    forkReason: full.forkReason,
    resyncPending: full.resyncPending,
    enrolledAt: full.enrolledAt,
    lastSeenAt: full.lastSeenAt,
    lastSeq: full.lastSeq,
    lastVerdictStatus: full.lastVerdictStatus,
    ownership: full.ownership,
    /** `linux`, `darwin` or `win32`: the OS family, nothing finer. */
    platform: full.platform,
    visibility,
    consent,
  };
}

export function adminReportView(report: ReportRecord, detail: boolean, visibility: Visibility) {
  if (visibility === 'full') return presentReport(report, detail);
  return {
    ...reportSummary(report),
    ...(detail
      ? {
          verdict: verdictOnly(JSON.parse(report.verdictJson) as Verdict),
          ear: report.ear ? { expiresAt: report.ear.expiresAt.toISOString() } : null,
        }
      : {}),
  };
}

function verdictOnly(verdict: Verdict) {
  return {
    status: verdict.status,
    policyId: verdict.policyId,
    evaluatedAt: verdict.evaluatedAt,
    enforcement: { mode: verdict.enforcement.mode, action: verdict.enforcement.action },
    ...(verdict.deadline ? { deadline: verdict.deadline } : {}),
    checks: verdict.checks.map((check: CheckVerdict) => ({
      check: check.check,
      result: check.result,
      requirement: check.requirement,
      observed: check.observed,
      ...(check.deadline ? { deadline: check.deadline } : {}),
    })),
  };
}
