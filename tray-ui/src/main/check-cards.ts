/** One card per check: badge, the evidence behind the result, and how to fix it on this OS. */
import type { Platform, StatusCheck } from '@vigil/shared';
import type { BadgeKind, CheckCardView, LinkView } from '../health-view.js';
import type { LinkPolicy } from './link-policy.js';
import { settingsLink } from './settings-links.js';
import { formatClock, formatCountdown, formatWhen, type TimeContext } from './time-format.js';

const BADGE: Record<StatusCheck['result'], BadgeKind> = {
  pass: 'pass',
  warn: 'warn',
  fail: 'fail',
  unknown: 'unknown',
};
const MAX_SOURCES = 3;

export function checkCard(check: StatusCheck, platform: Platform, links: LinkPolicy, time: TimeContext): CheckCardView {
  const failing = check.result !== 'pass';
  const card: CheckCardView = {
    id: check.check,
    title: check.title,
    badge: BADGE[check.result],
    evidence: evidenceLine(check, time),
    steps: failing ? remediationSteps(check.remediation) : [],
    links: failing ? fixLinks(check, platform, links) : [],
  };
  if (check.deadline) {
    const deadline = new Date(check.deadline);
    card.deadline = `Fix before ${formatWhen(deadline, time)} · ${formatCountdown(deadline, time.now)}`;
  }
  return card;
}

/** "Disk encryption: not encrypted, from /usr/bin/lsblk at 09:41". */
export function evidenceLine(check: StatusCheck, time: TimeContext): string {
  // The evaluator appends the raw deadline to the reason; the card shows it formatted instead.
  const reason = check.deadline
    ? check.reason.replace(` (fix before ${check.deadline} to keep access)`, '')
    : check.reason;
  if (check.evidence.length === 0) return `${check.title}: ${reason} (no evidence recorded)`;
  // The program or file, not the whole command line: the card must stay readable.
  const sources = [...new Set(check.evidence.map((e) => (e.kind === 'command' ? e.source.split(' ')[0]! : e.source)))];
  const shown = sources.slice(0, MAX_SOURCES).join(' and ');
  const more = sources.length > MAX_SOURCES ? ` (+${sources.length - MAX_SOURCES} more)` : '';
  const latest = new Date(Math.max(...check.evidence.map((e) => Date.parse(e.at))));
  return `${check.title}: ${reason}, from ${shown}${more} at ${formatClock(latest, time)}`;
}

function remediationSteps(text: string | undefined): string[] {
  if (!text) return ['Ask your IT team how to fix this.'];
  return text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function fixLinks(check: StatusCheck, platform: Platform, links: LinkPolicy): LinkView[] {
  const result: LinkView[] = [];
  const settings = settingsLink(platform, check.check);
  if (settings && links.isAllowed(settings.url)) result.push(settings);
  // A help URL outside the allowlist is dropped rather than shown as a dead button.
  if (check.remediationUrl && links.isAllowed(check.remediationUrl))
    result.push({ label: 'More help', url: check.remediationUrl });
  return result;
}
