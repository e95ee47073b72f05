/**
 * The tray's menu, tooltip and visibility as plain data; electron-shell.ts turns it into a Menu.
 * Kolide-style: a status line, freshness, "Fix N issues…" with one entry per failing check, then
 * the actions. Nothing is clickable that does nothing: "Check now" is disabled without an agent.
 */
import type { CheckId } from '@vigil/shared';
import type { HealthView, TrayState } from '../health-view.js';
import { startHint } from './agent-down.js';
import { BADGE_LABELS } from './health-view.js';

export type WindowSection = 'privacy' | 'consent' | CheckId;

export type MenuAction =
  | { kind: 'check-now' }
  | { kind: 'open-window'; section?: WindowSection }
  | { kind: 'toggle-hide-when-healthy' }
  | { kind: 'quit' };

export type MenuItemModel =
  | { type: 'label'; label: string }
  | { type: 'separator' }
  | { type: 'action'; label: string; action: MenuAction; enabled: boolean }
  | { type: 'checkbox'; label: string; checked: boolean; action: MenuAction }
  | { type: 'submenu'; label: string; items: MenuItemModel[] };

export interface TrayPreferences {
  /** The user's choice; only honoured when the policy allows it. */
  hideWhenHealthy: boolean;
}

export interface TrayModel {
  state: TrayState;
  tooltip: string;
  menu: MenuItemModel[];
  visible: boolean;
}

// Windows truncates tray tooltips at 127 characters.
const TOOLTIP_MAX = 127;

export function buildTrayModel(view: HealthView, allowHideWhenHealthy: boolean, prefs: TrayPreferences): TrayModel {
  return {
    state: view.state,
    tooltip: tooltip(view),
    menu: menu(view, allowHideWhenHealthy, prefs),
    visible: !(view.state === 'compliant' && allowHideWhenHealthy && prefs.hideWhenHealthy),
  };
}

export function tooltip(view: HealthView): string {
  const parts = [`Vigil: ${view.headline}`];
  if (view.issueCount > 0) parts.push(`${view.issueCount} ${view.issueCount === 1 ? 'issue' : 'issues'}`);
  if (view.freshness) parts.push(view.freshness.replace(/^Verified/, 'verified'));
  const text = parts.join(' · ');
  return text.length <= TOOLTIP_MAX ? text : `${text.slice(0, TOOLTIP_MAX - 1)}…`;
}

function menu(view: HealthView, allowHide: boolean, prefs: TrayPreferences): MenuItemModel[] {
  const items: MenuItemModel[] = [{ type: 'label', label: `Device health: ${view.headline}` }];
  if (view.unknownReason === 'agent-unreachable') items.push({ type: 'label', label: startHint(view.platform) });
  else if (view.freshness) items.push({ type: 'label', label: view.freshness });
  if (view.deadline) items.push({ type: 'label', label: view.deadline });
  items.push({ type: 'separator' });
  if (view.consent?.needed)
    items.push({
      type: 'action',
      label: 'Review what Vigil would collect…',
      action: { kind: 'open-window', section: 'consent' },
      enabled: true,
    });

  const failing = view.checks.filter((c) => c.badge === 'fail' || c.badge === 'warn');
  if (failing.length > 0) {
    items.push({
      type: 'submenu',
      label: `Fix ${failing.length} ${failing.length === 1 ? 'issue' : 'issues'}…`,
      items: failing.map((c) => ({
        type: 'action',
        label: `${c.title} (${BADGE_LABELS[c.badge]})`,
        action: { kind: 'open-window', section: c.id },
        enabled: true,
      })),
    });
  }
  items.push(
    { type: 'action', label: 'Check now', action: { kind: 'check-now' }, enabled: view.canCheckNow },
    { type: 'action', label: 'Open Device Health', action: { kind: 'open-window' }, enabled: true },
    { type: 'action', label: 'About / privacy', action: { kind: 'open-window', section: 'privacy' }, enabled: true },
    { type: 'separator' },
  );
  if (allowHide)
    items.push({
      type: 'checkbox',
      label: 'Hide icon while all is good',
      checked: prefs.hideWhenHealthy,
      action: { kind: 'toggle-hide-when-healthy' },
    });
  items.push({ type: 'action', label: 'Quit Vigil tray', action: { kind: 'quit' }, enabled: true });
  return items;
}
