/**
 * The privacy report from the agent's GET /v1/privacy: the last report in words and as the raw
 * JSON that was signed (nothing dropped or reordered), the activity log, and what is shown when
 * the agent cannot answer (the statement only when its version is the bundled one).
 */
import { CONSENT_STATEMENT } from '@vigil/shared';
import { describe, expect, it } from 'vitest';
import { agentPrivacy, LAST_REPORT_CLAIMS } from '../test-support/privacy.js';
import { NOW, personalStatus, TIME_ZONE } from '../test-support/statuses.js';
import { humanize, valueLines } from './claims-text.js';
import { privacyReport, privacyReportUnavailable } from './privacy-report.js';

const ctx = { now: NOW, timeZone: TIME_ZONE };

describe('privacy report', () => {
  it('shows the last report in words: facts, each check with its values and evidence', () => {
    const report = privacyReport(agentPrivacy(), ctx);
    expect(report.problem).toBeNull();
    expect(report.statement).toEqual({ version: '1', text: CONSENT_STATEMENT.text });
    const last = report.lastReport!;
    expect(last.sent).toBe('Sent 09:41 (19 min ago)');
    expect(last.facts).toEqual([
      { label: 'Report number', value: '7' },
      { label: 'Device id', value: LAST_REPORT_CLAIMS.ueid },
      { label: 'Agent', value: 'vigil 0.1.0' },
      { label: 'Operating system', value: 'Linux (x64)' },
      { label: 'Ownership', value: 'personal device' },
      { label: 'Computer name', value: 'not sent' },
      { label: 'Answered a challenge from the service', value: 'yes' },
    ]);
    expect(last.checks.map((c) => [c.id, c.outcome])).toEqual([
      ['os.patches', 'Read'],
      ['disk.encryption', 'Read'],
      ['net.firewall', 'Could not be read'],
      ['screen.lock', 'Not supported here'],
    ]);
    expect(last.checks[0]).toMatchObject({
      title: 'Security updates',
      lines: expect.arrayContaining([
        'Manager: apt',
        'Pending security updates: 1',
        'Security packages: openssl',
        'Last patched at: 08:00',
        'Auto updates: yes',
        'Reboot required: no',
      ]),
      evidence: ['Ran /usr/bin/apt-get -s upgrade at 09:41 (812 ms)'],
    });
    expect(last.checks[1]!.lines).toEqual([
      'Volumes 1: mountpoint /, device /dev/mapper/root, role filesystem, state encrypted, method luks2, detail dm-crypt LUKS2',
    ]);
    expect(last.checks[1]!.evidence).toEqual(['Ran /usr/sbin/cryptsetup status root at 09:41 (20 ms, exit code 0)']);
    expect(last.checks[2]!.lines).toEqual(['nft did not answer within 5 s (VIGIL_EXEC_TIMEOUT)']);
    expect(last.checks[3]!.lines).toEqual(['no desktop session is running']);
  });

  it('keeps the raw report exactly as sent, unknown claims included', () => {
    const claims = { ...LAST_REPORT_CLAIMS, x_future_claim: { kept: true } };
    const privacy = agentPrivacy();
    // As the agent client hands it over: validated, but the object as received.
    const asReceived = { ...privacy, lastReport: { sentAt: privacy.lastReport!.sentAt, claims } };
    const raw = privacyReport(asReceived as typeof privacy, ctx).lastReport!.raw;
    expect(JSON.parse(raw)).toEqual(claims);
    expect(Object.keys(JSON.parse(raw) as object)).toEqual(Object.keys(claims));
    expect(raw).toContain('"x_future_claim"');
  });

  it('lists the activity newest first with what, who and outcome', () => {
    expect(privacyReport(agentPrivacy(), ctx).activity).toEqual([
      { when: '09:41', what: 'Report sent', requester: 'schedule', outcome: 'delivered' },
      { when: '09:40', what: 'Check requested', requester: 'tray (pid 4242, self-reported)', outcome: 'accepted' },
      { when: '08:30', what: 'Consent decision', requester: 'tray', outcome: 'accepted statement 1' },
    ]);
  });

  it('says when nothing was sent yet', () => {
    const report = privacyReport(agentPrivacy({ lastReport: null, activity: [] }), ctx);
    expect(report).toMatchObject({ lastReport: null, lastReportNote: 'No report has been sent from this device yet.' });
  });

  it('without the agent: the bundled statement only for the version asked about', () => {
    const pending = personalStatus('pending');
    expect(privacyReportUnavailable('agent gone', pending)).toMatchObject({
      problem: 'agent gone',
      statement: { version: CONSENT_STATEMENT.version, text: CONSENT_STATEMENT.text },
      lastReport: null,
    });
    const newer = { ...pending, consent: { ...pending.consent, statementVersion: '2' } };
    expect(privacyReportUnavailable('agent gone', newer).statement).toBeNull();
    expect(privacyReportUnavailable('agent gone', undefined).statement).toBeNull();
  });

  it('writes values in words, generic over new fields', () => {
    expect(humanize('pendingSecurityUpdates')).toBe('Pending security updates');
    expect(humanize('default_inbound')).toBe('Default inbound');
    expect(valueLines({ a: null, b: [], c: { d: 1 }, e: '', f: '2024-12-01T10:00:00Z', g: '2025-13' }, ctx)).toEqual([
      'A: not known',
      'B: none',
      'C: d 1',
      'E: (empty)',
      'F: 1 Dec 10:00',
      'G: 2025-13',
    ]);
    expect(valueLines('plain', ctx)).toEqual(['plain']);
  });
});
