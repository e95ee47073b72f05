import { describe, expect, it } from 'vitest';
import { CHECK_IDS } from '@vigil/shared';
import { CHECKS, NOW, SCENARIOS, status, TIME_ZONE, type ScenarioName } from '../test-support/statuses.js';
import { buildHealthView } from './health-view.js';
import { createLinkPolicy } from './link-policy.js';
import { COLLECTED_BY_CHECK } from './privacy.js';
import type { AgentSnapshot } from './tray-state.js';

const links = createLinkPolicy({ helpHosts: ['help.example.com'] });
const view = (snapshot: AgentSnapshot, platform: 'linux' | 'darwin' | 'win32' = 'linux') =>
  buildHealthView(snapshot, { now: NOW, timeZone: TIME_ZONE, platform, links });
const scenario = (name: ScenarioName) => view(SCENARIOS[name]());

describe('health view texts', () => {
  it('compliant: all good, verified and valid until', () => {
    const v = scenario('compliant');
    expect(v).toMatchObject({
      state: 'compliant',
      stateLabel: 'Compliant',
      headline: 'All good',
      freshness: 'Verified 19 min ago · valid until 15:41',
      issueCount: 0,
      canCheckNow: true,
    });
    expect(v.checks.every((c) => c.badge === 'pass' && c.steps.length === 0)).toBe(true);
  });

  it('warning: deadline in the header and on the card', () => {
    const v = scenario('warning');
    expect(v).toMatchObject({
      state: 'warning',
      stateLabel: 'Warning',
      headline: 'Fix 1 issue to keep access',
      issueCount: 1,
      deadline: 'Fix before Wed 14:00 to keep access · 2 d 4 h left',
    });
    expect(v.checks[0]).toMatchObject({
      id: 'net.firewall',
      badge: 'warn',
      deadline: 'Fix before Wed 14:00 · 2 d 4 h left',
    });
    expect(v.checks[0]!.evidence).toBe(
      'Firewall: no active firewall blocks incoming connections, from /usr/sbin/ufw at 09:41',
    );
  });

  it('noncompliant: failing checks first, with the evidence, steps and allowed links', () => {
    const v = scenario('noncompliant');
    expect(v).toMatchObject({
      state: 'noncompliant',
      stateLabel: 'Not compliant',
      headline: 'Access blocked',
      summary: 'Access to company apps is blocked until these 2 issues are fixed.',
    });
    expect(v.checks.map((c) => c.badge)).toEqual(['fail', 'fail', 'pass', 'pass']);
    const disk = v.checks[0]!;
    expect(disk.evidence).toBe('Disk encryption: not encrypted, from /usr/bin/lsblk at 09:41');
    expect(disk.steps).toHaveLength(2);
    expect(disk.links).toEqual([{ label: 'More help', url: 'https://help.example.com/vigil/disk-encryption' }]);
  });

  it('result expired: unknown, says when and what to do', () => {
    const v = scenario('expired');
    expect(v).toMatchObject({
      state: 'unknown',
      unknownReason: 'result-expired',
      headline: 'Result expired',
      freshness: 'Last verified 8 h ago · expired at 07:10',
    });
    expect(v.summary).toContain('Check now');
  });

  it('outside warn-then-block and block, failures do not claim blocked access', () => {
    const report = view({
      kind: 'status',
      status: status({
        status: 'noncompliant',
        enforcement: { mode: 'report', action: 'allow' },
        checks: [CHECKS.diskFail],
      }),
    });
    expect(report).toMatchObject({
      headline: 'Fix 1 issue',
      summary: 'This device does not meet the policy. Access is not blocked yet.',
    });
    const suggested = view({
      kind: 'status',
      status: status({
        status: 'warning',
        enforcement: { mode: 'notify', action: 'notify' },
        checks: [CHECKS.firewallWarn],
      }),
    });
    expect(suggested).toMatchObject({
      headline: '1 issue to look at',
      summary: 'Suggested fixes; access is not affected.',
    });
  });

  it('agent unreachable: how to start it, no checks, no Check now', () => {
    const v = scenario('unreachable');
    expect(v).toMatchObject({
      state: 'unknown',
      unknownReason: 'agent-unreachable',
      headline: 'Agent not running',
      checks: [],
      canCheckNow: false,
      freshness: null,
    });
    expect(v.agentDown?.steps.map((s) => s.command)).toEqual(['sudo systemctl start vigil-agent', 'npx vigil run']);
    expect(v.agentDown?.technical).toBe(
      'VIGIL_TRAY_AGENT_UNREACHABLE: cannot reach the agent on /run/vigil/status.sock: the agent is not running',
    );
    expect(view(SCENARIOS.unreachable(), 'win32').agentDown?.steps[0]?.command).toBe('Start-Service vigil-agent');
  });

  it('lists the checks that could not be read', () => {
    expect(scenario('checkUnknown')).toMatchObject({
      headline: 'Some checks could not be read',
      summary: 'Could not read: Security updates. Each card below says why.',
    });
  });

  it('labels local-only results honestly', () => {
    const v = view({ kind: 'status', status: status({ source: 'local', result: null }) });
    expect(v.summary).toContain('checked on this device only');
    expect(v.freshness).toBe('Checked on this device 19 min ago · not verified by a service');
  });

  it('drops help links outside the allowlist and adds OS settings links where they exist', () => {
    expect(scenario('warning').checks[0]!.links).toEqual([]); // evil.example.net is not the help host
    const mac = view({
      kind: 'status',
      status: status({
        device: { enrolled: true, platform: 'darwin', ownership: 'managed' },
        status: 'noncompliant',
        checks: [CHECKS.diskFail],
      }),
    });
    expect(mac.checks[0]!.links[0]).toEqual({
      label: 'Open FileVault settings',
      url: 'x-apple.systempreferences:com.apple.preference.security?FileVault',
    });
  });

  it('gives every state a distinct icon and every badge a text label', () => {
    const v = scenario('compliant');
    expect(new Set(Object.values(v.icons)).size).toBe(4);
    expect(Object.values(v.badges).map((b) => b.label)).toEqual(['Pass', 'Fix soon', 'Failing', 'Unknown']);
    expect(new Set([...Object.values(v.icons), ...Object.values(v.badges).map((b) => b.icon)]).size).toBe(4); // the same four symbols
    expect(v.icons.compliant).toMatch(/^data:image\/svg\+xml;base64,/);
  });
});

describe('privacy panel', () => {
  it('describes every check id the catalogue knows', () => {
    for (const id of CHECK_IDS) expect(COLLECTED_BY_CHECK[id].length).toBeGreaterThan(0);
  });

  it('lists what the enabled checks collect and where it goes', () => {
    const { privacy } = scenario('compliant');
    expect(privacy.collected.map((g) => g.title)).toEqual([
      'Always',
      'Operating system version',
      'Security updates',
      'Disk encryption',
    ]);
    expect(privacy.leavesDevice[0]).toContain('vigil.example.com');
    expect(privacy.neverCollected.join(' ')).toContain('browsing history');
  });

  it('says nothing leaves an unenrolled device', () => {
    const v = view({
      kind: 'status',
      status: status({
        device: { enrolled: false, platform: 'linux', ownership: 'personal' },
        source: 'local',
        result: null,
      }),
    });
    expect(v.privacy.leavesDevice).toEqual([
      'Nothing: this device is not enrolled with a compliance service, so results stay on this device.',
    ]);
  });
});
