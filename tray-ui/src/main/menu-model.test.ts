import { describe, expect, it } from 'vitest';
import { NOW, SCENARIOS, TIME_ZONE, type ScenarioName } from '../test-support/statuses.js';
import { buildHealthView } from './health-view.js';
import { createLinkPolicy } from './link-policy.js';
import { buildTrayModel, tooltip, type MenuItemModel } from './menu-model.js';
import { toMenuTemplate } from './menu-template.js';

const view = (name: ScenarioName) =>
  buildHealthView(SCENARIOS[name](), {
    now: NOW,
    timeZone: TIME_ZONE,
    platform: 'linux',
    links: createLinkPolicy({ helpHosts: [] }),
  });
const shown = { hideWhenHealthy: false };
const labels = (items: MenuItemModel[]): string[] => items.map((i) => (i.type === 'separator' ? '---' : i.label));

describe('tray menu', () => {
  it('compliant: status, freshness, actions, no fix submenu', () => {
    expect(labels(buildTrayModel(view('compliant'), false, shown).menu)).toEqual([
      'Device health: All good',
      'Verified 19 min ago · valid until 15:41',
      '---',
      'Check now',
      'Open Device Health',
      'About / privacy',
      '---',
      'Quit Vigil tray',
    ]);
  });

  it('noncompliant: "Fix 2 issues…" opens the window at each failing check', () => {
    const menu = buildTrayModel(view('noncompliant'), false, shown).menu;
    const fix = menu.find((i) => i.type === 'submenu');
    expect(fix).toEqual({
      type: 'submenu',
      label: 'Fix 2 issues…',
      items: [
        {
          type: 'action',
          label: 'Disk encryption (Failing)',
          action: { kind: 'open-window', section: 'disk.encryption' },
          enabled: true,
        },
        {
          type: 'action',
          label: 'Firewall (Failing)',
          action: { kind: 'open-window', section: 'net.firewall' },
          enabled: true,
        },
      ],
    });
  });

  it('warning: the deadline line and a singular "Fix 1 issue…"', () => {
    const items = labels(buildTrayModel(view('warning'), false, shown).menu);
    expect(items).toContain('Fix before Wed 14:00 to keep access · 2 d 4 h left');
    expect(items).toContain('Fix 1 issue…');
  });

  it('agent unreachable: how to start it, and Check now disabled rather than silently doing nothing', () => {
    const menu = buildTrayModel(view('unreachable'), false, shown).menu;
    expect(labels(menu).slice(0, 2)).toEqual([
      'Device health: Agent not running',
      'Start it with: sudo systemctl start vigil-agent',
    ]);
    expect(menu.find((i) => i.type === 'action' && i.label === 'Check now')).toMatchObject({ enabled: false });
  });

  it('result expired: says when it expired', () => {
    expect(labels(buildTrayModel(view('expired'), false, shown).menu).slice(0, 2)).toEqual([
      'Device health: Result expired',
      'Last verified 8 h ago · expired at 07:10',
    ]);
  });

  it('maps to an Electron template whose clicks come back as actions', () => {
    const clicked: unknown[] = [];
    const template = toMenuTemplate(buildTrayModel(view('noncompliant'), true, shown).menu, (a) => clicked.push(a));
    expect(template[0]).toEqual({ label: 'Device health: Access blocked', enabled: false });
    template.find((t) => t.label === 'Fix 2 issues…')!.submenu![1]!.click!();
    template.find((t) => t.type === 'checkbox')!.click!();
    expect(clicked).toEqual([{ kind: 'open-window', section: 'net.firewall' }, { kind: 'toggle-hide-when-healthy' }]);
  });
});

describe('tooltip', () => {
  it.each([
    ['compliant', 'Vigil: All good · verified 19 min ago · valid until 15:41'],
    ['warning', 'Vigil: Fix 1 issue to keep access · 1 issue · verified 19 min ago · valid until 15:41'],
    ['noncompliant', 'Vigil: Access blocked · 2 issues · verified 19 min ago · valid until 15:41'],
    ['expired', 'Vigil: Result expired · Last verified 8 h ago · expired at 07:10'],
    ['unreachable', 'Vigil: Agent not running'],
  ] as const)('%s', (name, text) => {
    expect(tooltip(view(name))).toBe(text);
  });

  it('stays within the 127 characters Windows shows', () => {
    const long = { ...view('compliant'), headline: 'x'.repeat(200) };
    expect(tooltip(long)).toHaveLength(127);
  });
});

describe('hide when healthy', () => {
  const hide = { hideWhenHealthy: true };
  it('hides only when compliant, allowed by policy and chosen by the user', () => {
    expect(buildTrayModel(view('compliant'), true, hide).visible).toBe(false);
    expect(buildTrayModel(view('compliant'), false, hide).visible).toBe(true);
    expect(buildTrayModel(view('compliant'), true, shown).visible).toBe(true);
    for (const name of ['warning', 'noncompliant', 'expired', 'unreachable'] as const)
      expect(buildTrayModel(view(name), true, hide).visible).toBe(true);
  });

  it('offers the choice only when the policy allows it', () => {
    expect(buildTrayModel(view('compliant'), true, hide).menu).toContainEqual({
      type: 'checkbox',
      label: 'Hide icon while all is good',
      checked: true,
      action: { kind: 'toggle-hide-when-healthy' },
    });
    expect(buildTrayModel(view('compliant'), false, hide).menu.some((i) => i.type === 'checkbox')).toBe(false);
  });
});
