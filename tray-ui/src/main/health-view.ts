/** Builds the HealthView (see ../health-view.ts) from one agent snapshot. Pure: time and platform are inputs. */
import type { AgentStatus, Platform } from '@vigil/shared';
import { BADGE_KINDS, TRAY_STATES, type BadgeKind, type HealthView, type TrayState } from '../health-view.js';
import { agentDownView } from './agent-down.js';
import { checkCard } from './check-cards.js';
import { consentTexts, consentView } from './consent-view.js';
import { STATE_SYMBOL } from './icon-geometry.js';
import { symbolDataUrl } from './icon-svg.js';
import type { LinkPolicy } from './link-policy.js';
import { privacyView } from './privacy.js';
import { formatAgo, formatCountdown, formatWhen, type TimeContext } from './time-format.js';
import { deriveState, type AgentSnapshot, type DerivedState } from './tray-state.js';

export interface ViewContext extends TimeContext {
  /** This machine's OS, used when the agent cannot tell us its own. */
  platform: Platform;
  links: LinkPolicy;
}

export const BADGE_LABELS: Record<BadgeKind, string> = {
  pass: 'Pass',
  warn: 'Fix soon',
  fail: 'Failing',
  unknown: 'Unknown',
};
export const STATE_LABELS: Record<TrayState, string> = {
  compliant: 'Compliant',
  warning: 'Warning',
  noncompliant: 'Not compliant',
  unknown: 'Unknown',
};

const CARD_ORDER: Record<BadgeKind, number> = { fail: 0, warn: 1, unknown: 2, pass: 3 };
const ICONS = Object.fromEntries(TRAY_STATES.map((s) => [s, symbolDataUrl(STATE_SYMBOL[s])])) as Record<
  TrayState,
  string
>;
const BADGES = Object.fromEntries(
  BADGE_KINDS.map((k) => [k, { label: BADGE_LABELS[k], icon: symbolDataUrl(k) }]),
) as HealthView['badges'];

export function buildHealthView(snapshot: AgentSnapshot, ctx: ViewContext): HealthView {
  const derived = deriveState(snapshot, ctx.now);
  const status = snapshot.kind === 'status' ? snapshot.status : undefined;
  const platform = status?.device.platform ?? ctx.platform;
  // What needs doing comes first; the sort is stable, so the agent's order holds within a kind.
  const checks = (status?.checks ?? [])
    .map((c) => checkCard(c, platform, ctx.links, ctx))
    .sort((a, b) => CARD_ORDER[a.badge] - CARD_ORDER[b.badge]);
  const issueCount = checks.filter((c) => c.badge === 'warn' || c.badge === 'fail').length;
  const consent = consentView(status, ctx);
  const view: HealthView = {
    state: derived.state,
    stateLabel: STATE_LABELS[derived.state],
    ...(derived.unknownReason ? { unknownReason: derived.unknownReason } : {}),
    ...(consent?.needed ? consentTexts(consent) : texts(derived, status, issueCount, ctx)),
    freshness: status ? freshness(status, derived, ctx) : null,
    issueCount,
    checks,
    privacy: privacyView(status),
    ...(consent ? { consent } : {}),
    privacyStamp: privacyStamp(snapshot),
    icons: ICONS,
    badges: BADGES,
    // The agent refuses checks until consent is given; the button would only say so.
    canCheckNow: snapshot.kind === 'status' && !consent?.needed,
    platform,
    footer: status
      ? `Vigil agent ${status.agent.version} · policy ${status.policy.id} · ${platform}`
      : `Vigil agent not reachable · ${platform}`,
  };
  if (snapshot.kind === 'unreachable') view.agentDown = agentDownView(platform, snapshot.error);
  if (status?.deadline && derived.state === 'warning') {
    const deadline = new Date(status.deadline);
    view.deadline = `Fix before ${formatWhen(deadline, ctx)} to keep access · ${formatCountdown(deadline, ctx.now)}`;
  }
  return view;
}

function texts(
  derived: DerivedState,
  status: AgentStatus | undefined,
  issues: number,
  ctx: ViewContext,
): { headline: string; summary: string } {
  const n = `${issues} ${issues === 1 ? 'issue' : 'issues'}`;
  const action = status?.enforcement?.action;
  switch (derived.state) {
    case 'compliant':
      return {
        headline: 'All good',
        summary:
          status?.source === 'local'
            ? 'This device meets the policy (checked on this device only).'
            : 'This device meets the policy.',
      };
    case 'warning':
      return action === 'warn'
        ? {
            headline: `Fix ${n} to keep access`,
            summary: 'Access continues until the deadline; after it, access is blocked.',
          }
        : { headline: `${n} to look at`, summary: 'Suggested fixes; access is not affected.' };
    case 'noncompliant':
      return action === 'block'
        ? {
            headline: 'Access blocked',
            summary: `Access to company apps is blocked until ${issues === 1 ? 'this issue is' : `these ${n} are`} fixed.`,
          }
        : { headline: `Fix ${n}`, summary: 'This device does not meet the policy. Access is not blocked yet.' };
    case 'unknown':
      return unknownTexts(derived, status, ctx);
  }
}

function unknownTexts(
  derived: DerivedState,
  status: AgentStatus | undefined,
  ctx: ViewContext,
): { headline: string; summary: string } {
  switch (derived.unknownReason) {
    case 'agent-unreachable':
      return {
        headline: 'Agent not running',
        summary:
          'Vigil cannot check this device because its agent is not running. Access may be refused until the device is verified again.',
      };
    case 'result-expired': {
      const until = status?.result ? ` at ${formatWhen(new Date(status.result.validUntil), ctx)}` : '';
      return {
        headline: 'Result expired',
        summary: `The last verified result expired${until}. Connect to the network, then choose Check now.`,
      };
    }
    case 'not-verified':
      return {
        headline: 'Not verified yet',
        summary:
          'The compliance service has not verified this device yet. Connect to the network, then choose Check now.',
      };
    default: {
      const unread = (status?.checks ?? []).filter((c) => c.result === 'unknown').map((c) => c.title);
      const which = unread.length > 0 ? `: ${unread.join(', ')}` : '';
      return {
        headline: 'Some checks could not be read',
        summary: `Could not read${which || ' every check'}. Each card below says why.`,
      };
    }
  }
}

/** "Verified 12 min ago · valid until 15:30" and its variants for expired or local-only results. */
export function freshness(status: AgentStatus, derived: DerivedState, ctx: ViewContext): string | null {
  const result = status.result;
  if (result) {
    const verified = formatAgo(new Date(result.verifiedAt), ctx.now);
    const until = formatWhen(new Date(result.validUntil), ctx);
    return derived.expired
      ? `Last verified ${verified} · expired at ${until}`
      : `Verified ${verified} · valid until ${until}`;
  }
  if (status.lastCollectedAt) {
    const checked = formatAgo(new Date(status.lastCollectedAt), ctx.now);
    return status.source === 'local'
      ? `Checked on this device ${checked} · not verified by a service`
      : `Checked ${checked} · not verified yet`;
  }
  return null;
}

/** Moves when the privacy report may have: a push, a check, a consent decision, the agent restarting. */
function privacyStamp(snapshot: AgentSnapshot): string {
  if (snapshot.kind === 'unreachable') return 'unreachable';
  const { agent, consent, lastPushedAt, lastCollectedAt } = snapshot.status;
  return [agent.startedAt, lastPushedAt, lastCollectedAt, consent.state, consent.decidedAt].join('|');
}
