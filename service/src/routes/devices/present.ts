/** Public shapes of devices and reports for the admin and self APIs. */
import type { ServiceContext } from '../../context.js';
import type { DeviceRecord, ReportRecord } from '../../store/types.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Stale = active, but silent for more than N report intervals (computed at read time). */
export function isStale(ctx: ServiceContext, device: DeviceRecord, now: Date): boolean {
  if (device.status !== 'active') return false;
  const interval = (device.reportIntervalSeconds ?? ctx.policy.get().policy.reportIntervalMinutes * 60) * 1000;
  const last = (device.lastSeenAt ?? device.enrolledAt).getTime();
  return now.getTime() - last > ctx.settings.staleAfterIntervals * interval;
}

export function presentDevice(ctx: ServiceContext, device: DeviceRecord, now: Date) {
  return {
    id: device.id,
    status: device.status,
    statusReason: device.statusReason,
    stale: isStale(ctx, device, now),
    forked: device.forkedAt !== null,
    forkedAt: iso(device.forkedAt),
    forkReason: device.forkReason,
    resyncPending: device.resyncPending,
    enrolledAt: device.enrolledAt.toISOString(),
    lastSeenAt: iso(device.lastSeenAt),
    lastSeq: device.lastSeq,
    lastVerdictStatus: device.lastStatus,
    ownership: device.ownership,
    platform: device.platform,
    hostname: device.hostname,
  };
}

/** What any admin may see of a report, whoever owns the device: when, which, and the outcome. */
export function reportSummary(report: ReportRecord) {
  return {
    jti: report.jti,
    seq: report.seq,
    receivedAt: report.receivedAt.toISOString(),
    iat: new Date(report.iat * 1000).toISOString(),
    challenged: report.challenged,
    skewSeconds: report.skewSeconds,
    gap: report.gap,
    status: report.status,
    earStatus: report.ear?.status ?? null,
  };
}

export function presentReport(report: ReportRecord, detail: boolean) {
  return {
    ...reportSummary(report),
    ...(detail
      ? {
          verdict: JSON.parse(report.verdictJson) as unknown,
          posture: JSON.parse(report.postureJson) as unknown,
          ear: report.ear ? { token: report.ear.token, expiresAt: report.ear.expiresAt.toISOString() } : null,
        }
      : {}),
  };
}
