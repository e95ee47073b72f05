/**
 * The tray's consent and privacy requests (tray-ui/src/main) against the real agent status API
 * server (agent/src/status-api) on a temporary Unix socket, with a daemon stand-in that keeps
 * consent like the agent does: the report reaches the window exactly as served, Accept and
 * Withdraw change the agent's state, and an agent refusal reaches the person as a sentence.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentStatus, ConsentRequest, ConsentStatus } from '@vigil/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStatusServer, StatusRefusal, type StatusServer } from '../agent/src/status-api/index.js';
import { createAgentClient } from '../tray-ui/src/main/agent-client.js';
import { createTrayController } from '../tray-ui/src/main/tray-controller.js';
import { agentPrivacy, LAST_REPORT_CLAIMS } from '../tray-ui/src/test-support/privacy.js';
import { NOW, personalStatus, TIME_ZONE } from '../tray-ui/src/test-support/statuses.js';

let dir: string;
let socketPath: string;
let server: StatusServer | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-e2e-tray-privacy-'));
  socketPath = join(dir, 'run', 'status.sock');
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** The agent's side: consent state, and a refusal for statements other than the one in force. */
async function startAgent() {
  let consent: ConsentStatus = personalStatus('pending').consent;
  const decisions: ConsentRequest[] = [];
  server = createStatusServer({
    socketPath,
    getStatus: (): AgentStatus =>
      personalStatus(
        consent.state === 'accepted' ? 'accepted' : consent.state === 'withdrawn' ? 'withdrawn' : 'pending',
      ),
    requestCheck: () => {},
    getPrivacy: () =>
      agentPrivacy({
        lastReport: { sentAt: '2025-01-06T09:41:00.000Z', claims: { ...LAST_REPORT_CLAIMS, x_new_claim: 1 } as never },
      }),
    decideConsent: (request) => {
      if (request.statementVersion !== consent.statementVersion)
        throw new StatusRefusal(
          409,
          'VIGIL_CONSENT_STATEMENT_OUTDATED',
          `statement ${consent.statementVersion} is in force`,
        );
      decisions.push(request);
      consent = {
        ...consent,
        state: request.decision === 'accept' ? 'accepted' : 'withdrawn',
        decidedAt: new Date().toISOString(),
      };
      return consent;
    },
  });
  await server.start();
  return { decisions, consent: () => consent };
}

function trayController() {
  return createTrayController({
    client: createAgentClient(socketPath),
    port: {
      render: () => {},
      notify: () => {},
      pushView: () => {},
      openWindow: () => {},
      openExternal: async () => {},
      quit: () => {},
    },
    prefs: { load: async () => ({ hideWhenHealthy: false }), save: async () => {} },
    config: { platform: 'linux', socketPath, pollIntervalMs: 3_600_000, helpHosts: [] },
    now: () => NOW,
    timeZone: TIME_ZONE,
  });
}

describe('tray consent and privacy ↔ agent status API', () => {
  it('shows the report as served, unknown claims included', async () => {
    await startAgent();
    const tray = trayController();
    await tray.refresh();
    const report = await tray.privacyReport();
    expect(report.problem).toBeNull();
    expect(JSON.parse(report.lastReport!.raw)).toEqual({ ...LAST_REPORT_CLAIMS, x_new_claim: 1 });
    expect(report.activity.map((a) => a.what)).toEqual(['Report sent', 'Check requested', 'Consent decision']);
  });

  it('Accept and Withdraw change the agent’s consent and the tray follows', async () => {
    const agent = await startAgent();
    const tray = trayController();
    await tray.refresh();
    expect(tray.currentView()).toMatchObject({ headline: 'Your decision is needed', consent: { needed: true } });
    await expect(tray.decideConsent('accept', '1')).resolves.toMatchObject({ recorded: true });
    expect(agent.consent().state).toBe('accepted');
    expect(tray.currentView().consent).toMatchObject({ state: 'accepted', needed: false });
    await expect(tray.decideConsent('withdraw', '1')).resolves.toMatchObject({ recorded: true });
    expect(tray.currentView()).toMatchObject({ headline: 'Consent withdrawn' });
    expect(agent.decisions).toEqual([
      { decision: 'accept', statementVersion: '1' },
      { decision: 'withdraw', statementVersion: '1' },
    ]);
  });

  it('passes the agent’s refusal on as a sentence, and records nothing', async () => {
    const agent = await startAgent();
    const tray = trayController();
    await tray.refresh();
    // A withdrawal naming an old statement gets past the tray (only Accept is pinned there).
    await expect(tray.decideConsent('withdraw', '0')).resolves.toEqual({
      recorded: false,
      message: 'Your decision was not recorded; nothing changed. The agent said: statement 1 is in force',
    });
    expect(agent.decisions).toEqual([]);
  });
});
