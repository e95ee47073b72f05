/**
 * Personal (BYOD) mode on the evidence path: the report carries no host name, no serial numbers,
 * MAC addresses, account names or disk UUIDs (its strings are cleaned, see scrub.ts), and is
 * checked once more right before signing. The device is named only by the ueid, the random id
 * the service assigned at this enrollment (a pairwise identifier: another service, or a new
 * enrollment, gets another one).
 */
import { PostureReportSchema, type PostureReport } from '@vigil/shared/core';
import { PrivacyError } from './errors.js';
import { localIdentifiers, type DeviceIdentifiers } from './identifiers.js';
import { createScrubber, findIdentifiers, scrubStrings } from './scrub.js';

export function personalPosture(report: PostureReport, ids: DeviceIdentifiers = localIdentifiers()): PostureReport {
  const scrubber = createScrubber(ids);
  const cleaned: PostureReport = {
    ...report,
    device: { platform: report.device.platform, arch: report.device.arch, ownership: 'personal' },
    observations: scrubStrings(report.observations, (text) => scrubber.text(text)),
  };
  const valid = PostureReportSchema.safeParse(cleaned);
  if (!valid.success) {
    const issue = valid.error.issues[0];
    throw new PrivacyError(
      'VIGIL_PRIVACY_REPORT_INVALID',
      `the cleaned personal report does not fit the posture schema at ${issue?.path.join('.') ?? '?'}`,
    );
  }
  return cleaned;
}

/** The last check before a personal report is signed: names the kinds found, never the values. */
export function assertNoIdentifiers(report: PostureReport, ids: DeviceIdentifiers = localIdentifiers()): void {
  const kinds = findIdentifiers({ device: report.device, observations: report.observations }, ids);
  if (report.device.hostname !== undefined && !kinds.includes('host name')) kinds.unshift('host name');
  if (kinds.length > 0) {
    throw new PrivacyError(
      'VIGIL_PRIVACY_IDENTIFIER_FOUND',
      `the personal report still holds a ${kinds.join(', a ')}; it was not signed or sent`,
    );
  }
}
