/**
 * The controller's privacy requests: the report is read from the agent on demand, Accept and
 * Withdraw reach the agent only when they can mean something, the status is refreshed after a
 * recorded decision, and every failure becomes a sentence (codes stay in the main process).
 */
import { describe, expect, it } from 'vitest';
import { AgentClientError } from './agent-client.js';
import { harness } from '../test-support/tray-harness.js';

describe('tray controller: consent and privacy report', () => {
  it('records Accept, refreshes at once, and the window leaves the consent view', async () => {
    const h = harness();
    await h.step('consentPending');
    expect(h.views.at(-1)).toMatchObject({ consent: { needed: true } });
    await expect(h.controller.decideConsent('accept', '1')).resolves.toEqual({
      recorded: true,
      message: 'Thank you. Vigil will now check this device and send the results to vigil.example.com.',
    });
    expect(h.decideConsent).toHaveBeenCalledWith({ decision: 'accept', statementVersion: '1' });
    expect(h.views.at(-1)).toMatchObject({ state: 'compliant', consent: { state: 'accepted', needed: false } });
  });

  it('records Withdraw and shows the consent view again', async () => {
    const h = harness();
    await h.step('personalAccepted');
    await expect(h.controller.decideConsent('withdraw', '1')).resolves.toMatchObject({
      recorded: true,
      message: expect.stringContaining('stopped collecting and sending'),
    });
    expect(h.views.at(-1)).toMatchObject({ headline: 'Consent withdrawn', consent: { needed: true } });
    expect(h.notifications).toEqual([]);
  });

  it('refuses an Accept of a statement version other than the one the agent asks about', async () => {
    const h = harness();
    await h.step('consentPending');
    await expect(h.controller.decideConsent('accept', '0.9')).resolves.toEqual({
      recorded: false,
      message: 'The statement has changed since it was shown. Read the new version, then decide.',
    });
    expect(h.decideConsent).not.toHaveBeenCalled();
  });

  it('sends nothing for managed devices or without an agent', async () => {
    const h = harness();
    await h.step('compliant');
    await expect(h.controller.decideConsent('withdraw', '1')).resolves.toMatchObject({
      recorded: false,
      message: expect.stringContaining('managed by your organisation'),
    });
    await h.step('unreachable');
    await expect(h.controller.decideConsent('accept', '1')).resolves.toMatchObject({ recorded: false });
    expect(h.decideConsent).not.toHaveBeenCalled();
  });

  it('passes on what the agent said when it refuses, and changes nothing', async () => {
    const h = harness();
    await h.step('consentPending');
    const views = h.views.length;
    h.decideConsent.mockRejectedValueOnce(
      new AgentClientError('VIGIL_TRAY_AGENT_REQUEST_FAILED', 'refused', {
        remote: { code: 'VIGIL_CONSENT_STATEMENT_OUTDATED', message: 'statement 2 is now in force' },
      }),
    );
    await expect(h.controller.decideConsent('accept', '1')).resolves.toEqual({
      recorded: false,
      message: 'Your decision was not recorded; nothing changed. The agent said: statement 2 is now in force',
    });
    expect(h.views.length).toBe(views);
  });

  it('reads the privacy report on demand, and explains when it cannot', async () => {
    const h = harness();
    await h.step('personalAccepted');
    const report = await h.controller.privacyReport();
    expect(report).toMatchObject({ problem: null, lastReport: { sent: 'Sent 09:41 (20 min ago)' } });
    expect(report.activity).toHaveLength(3);

    h.fetchPrivacy.mockRejectedValueOnce(
      new AgentClientError('VIGIL_TRAY_AGENT_REQUEST_FAILED', 'refused', {
        remote: { code: 'VIGIL_STATUS_NOT_FOUND', message: 'no such route' },
      }),
    );
    await expect(h.controller.privacyReport()).resolves.toMatchObject({
      problem: 'This version of the Vigil agent does not keep a privacy report.',
      statement: { version: '1' },
    });
    h.fetchPrivacy.mockRejectedValueOnce(new AgentClientError('VIGIL_TRAY_AGENT_BAD_RESPONSE', 'bad'));
    await expect(h.controller.privacyReport()).resolves.toMatchObject({
      problem: 'The Vigil agent did not give its privacy report. Try again in a moment.',
    });
    await h.step('unreachable');
    const calls = h.fetchPrivacy.mock.calls.length;
    await expect(h.controller.privacyReport()).resolves.toMatchObject({
      problem: 'The Vigil agent is not running, so its report and log cannot be read.',
      statement: null,
    });
    expect(h.fetchPrivacy.mock.calls.length).toBe(calls);
  });
});
