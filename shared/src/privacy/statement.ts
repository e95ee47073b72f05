/**
 * The consent statement shown to the owner of a personal (BYOD) device before Vigil collects
 * anything (`vigil consent`, the tray's consent view). Plain language on purpose: it is read by
 * an employee, not an administrator. The version names the text; changing what the text
 * promises means a new version, and every device asks again (docs/byod.md).
 */
import { CHECK_TITLES, type CheckId } from '../checks.js';

export interface ConsentStatement {
  /** Recorded with the decision and sent with enrollment. */
  readonly version: string;
  readonly text: string;
}

const TEXT = `Vigil on your own device: what it does and what you decide

Your organisation asks that devices used for work prove they are kept safe before they can reach
its services. Vigil does this on this device, which you own. Nothing is collected until you
accept this statement.

What Vigil collects
- Only the security settings your organisation's access policy checks, for example: the
  operating system version, pending security updates, whether the disk is encrypted, whether the
  firewall is on, and whether the screen locks when you are away.
- For each setting, which command or file it was read from and when.

What Vigil never collects
- Your files, documents, photos, messages, browsing, location or the apps you use.
- The computer's serial numbers, network (MAC) addresses, its name, or your user name. The
  device is known to the service only by a random identifier created when you enroll it.

How often
- When Vigil starts, then at the interval your organisation sets (usually every 15 minutes), and
  whenever you ask for a check. Nothing runs while consent is not given.

Who sees it
- Your organisation's compliance service receives each report. Its administrators see whether
  each check passed and when the device last reported; for personal devices they see those
  results, not the settings behind them.

What you can see
- "vigil privacy" (or Privacy in the Vigil tray) shows the last report exactly as it was sent,
  and a log of every report, every check request and who asked for it.

How to stop
- Withdraw your consent at any time with "vigil consent --withdraw" or from the tray: collection
  and sending stop at once. To remove Vigil from this device, run "vigil unenroll": the service
  is told the device is retired, and Vigil's keys, certificates and stored reports are deleted.`;

export const CONSENT_STATEMENT: ConsentStatement = Object.freeze({ version: '1', text: TEXT });

export interface StatementContext {
  /** The checks this device actually collects (the policy's checks); omit when not known yet. */
  checks?: readonly CheckId[];
  /** The report interval in force, in minutes. */
  intervalMinutes?: number;
}

/**
 * The statement followed by what applies to this device right now: the actual checks and the
 * cadence. The versioned text is unchanged; the details only make it concrete.
 */
export function renderConsentStatement(context: StatementContext = {}): string {
  const lines = [CONSENT_STATEMENT.text, '', `On this device (statement version ${CONSENT_STATEMENT.version})`];
  if (context.checks === undefined) {
    lines.push(
      '- Checks: the ones your organisation\u2019s policy evaluates. The first report after enrollment',
      '  carries no settings at all; it only asks the service which checks apply.',
    );
  } else if (context.checks.length === 0) {
    lines.push('- Checks: none.');
  } else {
    lines.push(`- Checks: ${context.checks.map((check) => `${CHECK_TITLES[check]} (${check})`).join(', ')}.`);
  }
  if (context.intervalMinutes !== undefined) {
    lines.push(`- Cadence: at start, then every ${formatMinutes(context.intervalMinutes)}, and when you ask.`);
  }
  return lines.join('\n');
}

function formatMinutes(minutes: number): string {
  if (minutes < 1) return `${Math.max(1, Math.round(minutes * 60))} seconds`;
  if (minutes === 1) return 'minute';
  if (minutes % 60 === 0) return minutes === 60 ? 'hour' : `${minutes / 60} hours`;
  return `${Math.round(minutes)} minutes`;
}
