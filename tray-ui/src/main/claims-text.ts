/**
 * The last report in words: each value the agent sent, one line per fact ("Pending security
 * updates: 0"), generic over the value schemas so a new field shows up without a change here.
 * Nothing is summarised away: what is not a plain value is written out as JSON.
 */
import { CHECK_IDS, CHECK_TITLES, type EvidenceClaims } from '@vigil/shared';
import type { ReportedCheckView } from '../privacy-report.js';
import { formatWhen, type TimeContext } from './time-format.js';

type Posture = EvidenceClaims['posture'];
type Observations = Posture['observations'];
type AnyObservation = NonNullable<Observations[keyof Observations]>;

const PLATFORM_NAMES: Record<string, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' };

/** "pendingSecurityUpdates" → "Pending security updates". */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function scalar(value: unknown, ctx: TimeContext): string {
  if (value === null) return 'not known';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  // Times in words here; the raw JSON keeps them exactly as sent.
  if (typeof value === 'string' && ISO_TIME.test(value) && !Number.isNaN(Date.parse(value)))
    return formatWhen(new Date(value), ctx);
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

const isPlain = (value: unknown) => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** An object item of a list on one line: "mountpoint /, state encrypted, method luks2". */
function inline(item: unknown, ctx: TimeContext): string {
  if (isPlain(item)) return scalar(item, ctx);
  if (Array.isArray(item) || typeof item !== 'object') return JSON.stringify(item);
  return Object.entries(item as Record<string, unknown>)
    .map(([key, v]) => `${humanize(key).toLowerCase()} ${isPlain(v) ? scalar(v, ctx) : JSON.stringify(v)}`)
    .join(', ');
}

/** One line per member of a value object; lists of objects get one line per item. */
export function valueLines(value: unknown, ctx: TimeContext): string[] {
  if (isPlain(value) || Array.isArray(value) || typeof value !== 'object') return [scalar(value, ctx)];
  const lines: string[] = [];
  for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
    const label = humanize(key);
    if (!Array.isArray(member)) lines.push(`${label}: ${inline(member, ctx)}`);
    else if (member.length === 0) lines.push(`${label}: none`);
    else if (member.every(isPlain)) lines.push(`${label}: ${member.map((m) => scalar(m, ctx)).join(', ')}`);
    else member.forEach((item, i) => lines.push(`${label} ${i + 1}: ${inline(item, ctx)}`));
  }
  return lines;
}

function evidenceLines(observation: AnyObservation, ctx: TimeContext): string[] {
  const evidence = 'evidence' in observation ? (observation.evidence ?? []) : [];
  return evidence.map((e) => {
    const how = e.kind === 'file' ? 'Read' : e.kind === 'api' ? 'Asked' : 'Ran';
    const exit = e.exitCode !== undefined ? `, exit code ${e.exitCode}` : '';
    return `${how} ${e.source} at ${formatWhen(new Date(e.at), ctx)} (${Math.round(e.durationMs)} ms${exit})`;
  });
}

export function reportedChecks(posture: Posture, ctx: TimeContext): ReportedCheckView[] {
  const observations = posture.observations as Partial<Record<string, AnyObservation>>;
  return CHECK_IDS.flatMap((id) => {
    const observation = observations[id];
    if (!observation) return [];
    const common = { id, title: CHECK_TITLES[id], evidence: evidenceLines(observation, ctx) };
    switch (observation.state) {
      case 'ok':
        return [{ ...common, outcome: 'Read', lines: valueLines(observation.value, ctx) }];
      case 'unsupported':
        return [{ ...common, outcome: 'Not supported here', lines: [observation.reason] }];
      case 'error':
        return [{ ...common, outcome: 'Could not be read', lines: [`${observation.message} (${observation.code})`] }];
    }
  });
}

/** The report's own facts, in words. A personal device sends no computer name: say so. */
export function reportFacts(claims: EvidenceClaims): Array<{ label: string; value: string }> {
  const device = claims.posture.device;
  return [
    { label: 'Report number', value: String(claims.seq) },
    { label: 'Device id', value: claims.ueid },
    { label: 'Agent', value: `${claims.agent.name} ${claims.agent.version}` },
    { label: 'Operating system', value: `${PLATFORM_NAMES[device.platform] ?? device.platform} (${device.arch})` },
    { label: 'Ownership', value: device.ownership === 'personal' ? 'personal device' : 'managed by your organisation' },
    { label: 'Computer name', value: device.hostname ?? 'not sent' },
    {
      label: 'Answered a challenge from the service',
      value: claims.eat_nonce !== undefined ? 'yes' : 'no (sent later, while offline)',
    },
  ];
}
