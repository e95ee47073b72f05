/**
 * Consent in the tray's own logic: the state it derives, the texts and the menu it shows, and
 * the notifications it does not send, for a personal device in each consent state.
 */
import { describe, expect, it } from 'vitest';
import { NOW, SCENARIOS, status, TIME_ZONE, type ScenarioName } from '../test-support/statuses.js';
import { consentView } from './consent-view.js';
import { buildHealthView } from './health-view.js';
import { createLinkPolicy } from './link-policy.js';
import { buildTrayModel, type MenuItemModel } from './menu-model.js';
import { decideNotification, INITIAL_NOTIFIER_MEMORY } from './notifications.js';
import { deriveState } from './tray-state.js';

const view = (name: ScenarioName) =>
  buildHealthView(SCENARIOS[name](), {
    now: NOW,
    timeZone: TIME_ZONE,
    platform: 'linux',
    links: createLinkPolicy({ helpHosts: [] }),
  });
const labels = (items: MenuItemModel[]): string[] => items.map((i) => (i.type === 'separator' ? '---' : i.label));

describe('consent on a personal device', () => {
  it('pending: unknown, the decision asked for, no Check now, and the menu leads to the statement', () => {
    const v = view('consentPending');
    expect(v).toMatchObject({
      state: 'unknown',
      unknownReason: 'consent-needed',
      headline: 'Your decision is needed',
      canCheckNow: false,
      consent: { state: 'pending', needed: true, statementVersion: '1', decided: null },
    });
    const model = buildTrayModel(v, true, { hideWhenHealthy: true });
    expect(model.visible).toBe(true);
    expect(labels(model.menu).slice(0, 3)).toEqual([
      'Device health: Your decision is needed',
      '---',
      'Review what Vigil would collect…',
    ]);
    expect(model.menu[2]).toMatchObject({ action: { kind: 'open-window', section: 'consent' }, enabled: true });
    expect(model.menu.find((i) => i.type === 'action' && i.label === 'Check now')).toMatchObject({ enabled: false });
  });

  it('withdrawn: says so, with when, even while a signed result is still valid', () => {
    const withdrawn = status({
      device: { id: 'd', enrolled: true, platform: 'linux', ownership: 'personal' },
      consent: { required: true, state: 'withdrawn', statementVersion: '1', decidedAt: '2025-01-06T09:15:00.000Z' },
    });
    expect(deriveState({ kind: 'status', status: withdrawn }, NOW)).toEqual({
      state: 'unknown',
      unknownReason: 'consent-needed',
      expired: false,
    });
    expect(view('consentWithdrawn')).toMatchObject({
      headline: 'Consent withdrawn',
      summary: expect.stringContaining('sends nothing'),
      consent: { state: 'withdrawn', needed: true, decided: 'Withdrawn at 09:15.' },
    });
  });

  it('accepted: the ordinary health view, with the consent recorded for the privacy panel', () => {
    const v = view('personalAccepted');
    expect(v).toMatchObject({
      state: 'compliant',
      headline: 'All good',
      canCheckNow: true,
      consent: { state: 'accepted', needed: false, decided: 'Accepted on Fri 08:30.' },
    });
    expect(labels(buildTrayModel(v, false, { hideWhenHealthy: false }).menu)).not.toContain(
      'Review what Vigil would collect…',
    );
  });

  it('the privacy panel says nothing leaves before consent, and what admins see after', () => {
    expect(view('consentPending').privacy.leavesDevice[0]).toBe(
      'Nothing at the moment: Vigil collects and sends nothing until you accept the statement. Once you do:',
    );
    const accepted = view('personalAccepted').privacy.leavesDevice;
    expect(accepted[0]).toContain('sent to vigil.example.com');
    expect(accepted.at(-1)).toContain('see whether each check passed');
    expect(view('compliant').privacy.leavesDevice.at(-1)).toBe(
      'Your IT team can see the same values and results that you see here.',
    );
  });

  it('managed devices have no consent view', () => {
    expect(view('compliant').consent).toBeUndefined();
    expect(consentView(undefined, { now: NOW })).toBeUndefined();
    const contradictory = status({
      consent: { required: true, state: 'not-required', statementVersion: '1', decidedAt: null },
    });
    expect(consentView(contradictory, { now: NOW })).toBeUndefined();
    expect(deriveState({ kind: 'status', status: contradictory }, NOW).unknownReason).toBeUndefined();
  });

  it('never notifies about consent: it is the owner’s own decision', () => {
    let memory = decideNotification(INITIAL_NOTIFIER_MEMORY, view('personalAccepted'), 0).memory;
    const withdrawn = decideNotification(memory, view('consentWithdrawn'), 60_000);
    expect(withdrawn.notification).toBeUndefined();
    memory = withdrawn.memory;
    // Accepting again and then failing a check is news again.
    expect(decideNotification(memory, view('noncompliant'), 120_000).notification?.title).toBe(
      'Device health: not compliant',
    );
  });

  it('moves the privacy stamp when a report is sent or consent changes, not on every poll', () => {
    const stamp = (name: ScenarioName) => view(name).privacyStamp;
    expect(stamp('compliant')).toBe(stamp('compliant'));
    expect(stamp('consentPending')).not.toBe(stamp('consentWithdrawn'));
    expect(stamp('personalAccepted')).not.toBe(stamp('consentWithdrawn'));
    expect(stamp('unreachable')).toBe('unreachable');
  });
});
