/**
 * Consent on a personal (BYOD) device, as the tray shows it (issue #11). The agent decides and
 * enforces it (nothing is collected until the owner accepts); the tray only shows the state, the
 * statement, and passes the owner's Accept or Withdraw to the agent. Managed devices, where the
 * agent asks for no consent, get no consent view at all.
 */
import type { AgentStatus } from '@vigil/shared';
import type { ConsentView } from '../health-view.js';
import { formatWhen, type TimeContext } from './time-format.js';

export function consentView(status: AgentStatus | undefined, ctx: TimeContext): ConsentView | undefined {
  const consent = status?.consent;
  if (!consent?.required || consent.state === 'not-required') return undefined;
  // formatWhen gives "09:00" today and "Tue 09:00" or "7 Jan 09:00" on other days.
  const formatted = consent.decidedAt ? formatWhen(new Date(consent.decidedAt), ctx) : null;
  const when = formatted === null ? null : /^\d/.test(formatted) ? `at ${formatted}` : `on ${formatted}`;
  return {
    state: consent.state,
    needed: consent.state !== 'accepted',
    statementVersion: consent.statementVersion,
    decided:
      when === null
        ? null
        : consent.state === 'accepted'
          ? `Accepted ${when}.`
          : consent.state === 'withdrawn'
            ? `Withdrawn ${when}.`
            : null,
  };
}

/** Headline and summary while consent is needed: the tray has nothing else to say. */
export function consentTexts(consent: ConsentView): { headline: string; summary: string } {
  return consent.state === 'withdrawn'
    ? {
        headline: 'Consent withdrawn',
        summary:
          'Vigil is not checking this device and sends nothing. Access that needs a verified device may be refused until you accept again.',
      }
    : {
        headline: 'Your decision is needed',
        summary:
          'This is your own device: Vigil collects nothing until you have read what it would check and accepted.',
      };
}

/** The sentence after a decision the agent recorded. */
export function decisionMessage(decision: 'accept' | 'withdraw', serviceHost: string | undefined): string {
  if (decision === 'withdraw')
    return 'Consent withdrawn. Vigil has stopped collecting and sending. To leave completely, run "vigil unenroll".';
  return `Thank you. Vigil will now check this device${serviceHost ? ` and send the results to ${serviceHost}` : ''}.`;
}
