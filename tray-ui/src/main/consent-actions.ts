/**
 * The two privacy requests the window makes through the main process: read the agent's privacy
 * report, and pass on the owner's consent decision. The agent enforces consent; these only refuse
 * early what the agent would refuse anyway, and turn every failure into a sentence to show.
 */
import type { ConsentDecision } from '../ipc-contract.js';
import type { ConsentDecisionResult, PrivacyReportView } from '../privacy-report.js';
import { AgentClientError, type AgentClient } from './agent-client.js';
import { decisionMessage } from './consent-view.js';
import { serviceHost } from './privacy.js';
import { privacyReport, privacyReportUnavailable } from './privacy-report.js';
import type { TimeContext } from './time-format.js';
import type { AgentSnapshot } from './tray-state.js';

export async function readPrivacyReport(
  client: AgentClient,
  snapshot: AgentSnapshot,
  ctx: TimeContext,
): Promise<PrivacyReportView> {
  if (snapshot.kind === 'unreachable')
    return privacyReportUnavailable('The Vigil agent is not running, so its report and log cannot be read.', undefined);
  try {
    return privacyReport(await client.fetchPrivacy(), ctx);
  } catch (error) {
    const why =
      error instanceof AgentClientError && error.remote?.code === 'VIGIL_STATUS_NOT_FOUND'
        ? 'This version of the Vigil agent does not keep a privacy report.'
        : 'The Vigil agent did not give its privacy report. Try again in a moment.';
    return privacyReportUnavailable(why, snapshot.status);
  }
}

export async function decideConsent(
  client: AgentClient,
  snapshot: AgentSnapshot,
  decision: ConsentDecision,
  statementVersion: string,
  onError?: (error: unknown) => void,
): Promise<ConsentDecisionResult> {
  if (snapshot.kind === 'unreachable')
    return { recorded: false, message: 'The Vigil agent is not running, so nothing was changed.' };
  const { consent, service } = snapshot.status;
  if (!consent.required)
    return { recorded: false, message: 'This device is managed by your organisation and asks for no consent.' };
  // An Accept answers one text: the version shown must be the one the agent asks about.
  if (decision === 'accept' && statementVersion !== consent.statementVersion)
    return {
      recorded: false,
      message: 'The statement has changed since it was shown. Read the new version, then decide.',
    };
  try {
    await client.decideConsent({ decision, statementVersion });
    return { recorded: true, message: decisionMessage(decision, serviceHost(service.url)) };
  } catch (error) {
    onError?.(error);
    const said = error instanceof AgentClientError && error.remote ? ` The agent said: ${error.remote.message}` : '';
    return { recorded: false, message: `Your decision was not recorded; nothing changed.${said}` };
  }
}
