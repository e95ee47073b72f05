/**
 * When to notify. Calm by design: nothing at start-up (the icon already says it), only on a change
 * of state, never the same state twice within the throttle window, and nothing while healthy
 * except one "all good again" after the user fixed something. Getting worse is announced at once,
 * except "agent not running", which must last `settleMs` so agent restarts during updates are silent.
 */
import type { HealthView, TrayState } from '../health-view.js';
import { startHint } from './agent-down.js';
import type { WindowSection } from './menu-model.js';
import { isWorse } from './tray-state.js';

export interface NotificationOptions {
  throttleMs: number;
  settleMs: number;
}

export const DEFAULT_NOTIFICATION_OPTIONS: NotificationOptions = { throttleMs: 10 * 60_000, settleMs: 60_000 };

export interface NotifierMemory {
  /** The state the user last saw announced (or found at start-up). */
  baseline?: TrayState;
  lastShownAt: Partial<Record<TrayState, number>>;
  /** When the agent was first seen unreachable in the current streak. */
  unreachableSince?: number;
}

export interface TrayNotification {
  state: TrayState;
  title: string;
  body: string;
  /** What a click opens. */
  section?: WindowSection;
}

export const INITIAL_NOTIFIER_MEMORY: NotifierMemory = { lastShownAt: {} };

export function decideNotification(
  memory: NotifierMemory,
  view: HealthView,
  nowMs: number,
  options: NotificationOptions = DEFAULT_NOTIFICATION_OPTIONS,
): { notification?: TrayNotification; memory: NotifierMemory } {
  const state = view.state;
  const unreachable = view.unknownReason === 'agent-unreachable';
  const unreachableSince = unreachable ? (memory.unreachableSince ?? nowMs) : undefined;
  const base: NotifierMemory = { ...memory, unreachableSince };

  if (memory.baseline === undefined || memory.baseline === state) return { memory: { ...base, baseline: state } };
  // Consent is the owner's own decision, shown in the menu and window; a notification would nag.
  if (view.unknownReason === 'consent-needed') return { memory: { ...base, baseline: state } };
  // The baseline is kept while settling: if the agent comes back in time, nothing happened.
  if (unreachableSince !== undefined && nowMs - unreachableSince < options.settleMs) return { memory: base };

  const previous = memory.baseline;
  const next: NotifierMemory = { ...base, baseline: state };
  const shownAt = memory.lastShownAt[state];
  const throttled = shownAt !== undefined && nowMs - shownAt < options.throttleMs;
  const worth = isWorse(state, previous) || (state === 'compliant' && previous !== 'unknown');
  if (!worth || throttled) return { memory: next };
  return { notification: message(view), memory: { ...next, lastShownAt: { ...memory.lastShownAt, [state]: nowMs } } };
}

function message(view: HealthView): TrayNotification {
  const failing = view.checks.filter((c) => c.badge === 'fail' || c.badge === 'warn').map((c) => c.title);
  switch (view.state) {
    case 'compliant':
      return {
        state: 'compliant',
        title: 'Device health: all good again',
        body: 'Thanks, this device meets the policy.',
      };
    case 'warning':
      return {
        state: 'warning',
        title: 'Device health: action needed',
        body: `${view.deadline ?? view.summary} Fix: ${failing.join(', ')}.`,
        section: firstSection(view),
      };
    case 'noncompliant':
      return {
        state: 'noncompliant',
        title: 'Device health: not compliant',
        body: `${view.summary} Fix: ${failing.join(', ')}.`,
        section: firstSection(view),
      };
    case 'unknown':
      return view.unknownReason === 'agent-unreachable'
        ? {
            state: 'unknown',
            title: 'Vigil agent is not running',
            body: `Device health cannot be checked. ${startHint(view.platform)}`,
          }
        : { state: 'unknown', title: `Device health: ${view.headline.toLowerCase()}`, body: view.summary };
  }
}

function firstSection(view: HealthView): WindowSection | undefined {
  return view.checks.find((c) => c.badge === 'fail' || c.badge === 'warn')?.id;
}
