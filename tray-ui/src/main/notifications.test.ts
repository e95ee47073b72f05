import { describe, expect, it } from 'vitest';
import type { HealthView } from '../health-view.js';
import { NOW, SCENARIOS, TIME_ZONE, type ScenarioName } from '../test-support/statuses.js';
import { buildHealthView } from './health-view.js';
import { createLinkPolicy } from './link-policy.js';
import {
  decideNotification,
  INITIAL_NOTIFIER_MEMORY,
  type NotifierMemory,
  type TrayNotification,
} from './notifications.js';

const MIN = 60_000;
const views = Object.fromEntries(
  (Object.keys(SCENARIOS) as ScenarioName[]).map((name) => [
    name,
    buildHealthView(SCENARIOS[name](), {
      now: NOW,
      timeZone: TIME_ZONE,
      platform: 'linux',
      links: createLinkPolicy({ helpHosts: [] }),
    }),
  ]),
) as Record<ScenarioName, HealthView>;

/** Feeds a sequence of [minute, scenario] and returns what was notified, as [minute, title]. */
function run(steps: Array<[number, ScenarioName]>): Array<[number, string]> {
  let memory: NotifierMemory = INITIAL_NOTIFIER_MEMORY;
  const shown: Array<[number, string]> = [];
  for (const [minute, name] of steps) {
    const decision = decideNotification(memory, views[name], minute * MIN);
    memory = decision.memory;
    if (decision.notification) shown.push([minute, decision.notification.title]);
  }
  return shown;
}

describe('notification decisions', () => {
  it('stays silent at start-up, whatever the state', () => {
    for (const name of Object.keys(SCENARIOS) as ScenarioName[]) expect(run([[0, name]])).toEqual([]);
  });

  it('never nags while compliant', () => {
    expect(run(Array.from({ length: 50 }, (_, i) => [i, 'compliant'] as [number, ScenarioName]))).toEqual([]);
  });

  it('announces getting worse at once', () => {
    expect(
      run([
        [0, 'compliant'],
        [1, 'warning'],
        [2, 'noncompliant'],
      ]),
    ).toEqual([
      [1, 'Device health: action needed'],
      [2, 'Device health: not compliant'],
    ]);
  });

  it('says "all good again" once after a fix, not after an agent restart', () => {
    expect(
      run([
        [0, 'noncompliant'],
        [5, 'compliant'],
      ]),
    ).toEqual([[5, 'Device health: all good again']]);
    expect(
      run([
        [0, 'unreachable'],
        [5, 'compliant'],
      ]),
    ).toEqual([]);
  });

  it('does not repeat the same state within 10 minutes when it flaps', () => {
    expect(
      run([
        [0, 'compliant'],
        [1, 'warning'],
        [2, 'compliant'],
        [3, 'warning'],
        [4, 'compliant'],
        [12, 'warning'],
      ]),
    ).toEqual([
      [1, 'Device health: action needed'],
      [2, 'Device health: all good again'],
      [12, 'Device health: action needed'],
    ]);
  });

  it('waits a minute before saying the agent is down, so restarts stay silent', () => {
    expect(
      run([
        [0, 'compliant'],
        [1, 'unreachable'],
        [1.5, 'compliant'],
      ]),
    ).toEqual([]);
    expect(
      run([
        [0, 'compliant'],
        [1, 'unreachable'],
        [1.5, 'unreachable'],
        [2, 'unreachable'],
        [3, 'unreachable'],
      ]),
    ).toEqual([[2, 'Vigil agent is not running']]);
  });

  it('announces an expired result, with what to do', () => {
    const memory = decideNotification(INITIAL_NOTIFIER_MEMORY, views.compliant, 0).memory;
    const { notification } = decideNotification(memory, views.expired, MIN);
    expect(notification).toEqual<TrayNotification>({
      state: 'unknown',
      title: 'Device health: result expired',
      body: expect.stringContaining('Check now') as string,
    });
  });

  it('names the checks to fix and opens the first one on click', () => {
    const memory = decideNotification(INITIAL_NOTIFIER_MEMORY, views.compliant, 0).memory;
    const { notification } = decideNotification(memory, views.noncompliant, MIN);
    expect(notification).toMatchObject({
      state: 'noncompliant',
      section: 'disk.encryption',
      body: expect.stringContaining('Fix: Disk encryption, Firewall.'),
    });
  });

  it('says how to start the agent', () => {
    let memory = decideNotification(INITIAL_NOTIFIER_MEMORY, views.compliant, 0).memory;
    memory = decideNotification(memory, views.unreachable, MIN).memory;
    const { notification } = decideNotification(memory, views.unreachable, 3 * MIN);
    expect(notification?.body).toBe('Device health cannot be checked. Start it with: sudo systemctl start vigil-agent');
  });
});
