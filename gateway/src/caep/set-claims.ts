/**
 * The one Security Event Token Vigil sends: an OpenID CAEP `device-compliance-change` (RFC 8417
 * SET, subject as an RFC 9493 `uri` identifier in `sub_id`). Shared vocabulary of the receiver
 * (gateway) and the transmitter (service/src/caep/transmitter.ts, which keeps its own copy
 * because the service may not import the gateway).
 */
import { DEVICE_ID_PATTERN, DEVICE_URN_PREFIX } from '@vigil/shared';

export const SET_TYP = 'secevent+jwt';
export const SET_CONTENT_TYPE = 'application/secevent+jwt';
export const DEVICE_COMPLIANCE_CHANGE = 'https://schemas.openid.net/secevent/caep/event-type/device-compliance-change';
export const COMPLIANCE_STATUSES = ['compliant', 'not-compliant'] as const;
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];

export interface ComplianceChange {
  deviceId: string;
  status: ComplianceStatus;
  /** Seconds since the epoch. */
  eventTimestamp: number;
  reasonAdmin?: string;
}

/** Reads the event out of verified SET claims; a string is the problem. `null`: another event type. */
export function complianceChangeOf(claims: Record<string, unknown>): ComplianceChange | null | string {
  const events = claims.events;
  if (typeof events !== 'object' || events === null || Array.isArray(events)) return '"events" must be an object';
  const types = Object.keys(events);
  if (types.length !== 1) return '"events" must hold exactly one event';
  if (types[0] !== DEVICE_COMPLIANCE_CHANGE) return null;
  const event = (events as Record<string, unknown>)[DEVICE_COMPLIANCE_CHANGE];
  if (typeof event !== 'object' || event === null) return 'the event payload must be an object';
  const { current_status: status, event_timestamp: at, reason_admin: reasonAdmin } = event as Record<string, unknown>;
  if (!COMPLIANCE_STATUSES.includes(status as ComplianceStatus))
    return '"current_status" must be compliant or not-compliant';
  if (typeof at !== 'number' || !Number.isSafeInteger(at) || at < 0) return '"event_timestamp" must be a NumericDate';
  const subject = claims.sub_id as Record<string, unknown> | undefined;
  if (typeof subject !== 'object' || subject === null || subject.format !== 'uri' || typeof subject.uri !== 'string') {
    return '"sub_id" must be {"format":"uri","uri":"urn:vigil:device:<id>"}';
  }
  const deviceId = subject.uri.startsWith(DEVICE_URN_PREFIX) ? subject.uri.slice(DEVICE_URN_PREFIX.length) : '';
  if (!DEVICE_ID_PATTERN.test(deviceId)) return '"sub_id.uri" is not a Vigil device URI';
  const admin = adminText(reasonAdmin);
  return {
    deviceId,
    status: status as ComplianceStatus,
    eventTimestamp: at,
    ...(admin ? { reasonAdmin: admin.slice(0, 500) } : {}),
  };
}

/** CAEP `reason_admin` is a language-tagged object (`{"en": "…"}`); a bare string is tolerated. */
function adminText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const en = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).en : undefined;
  return typeof en === 'string' ? en : undefined;
}
