/**
 * Builds the window's privacy report (../privacy-report.ts) from the agent's `GET /v1/privacy`.
 * Pure: the agent's answer, the status and the clock are inputs. When the agent cannot answer,
 * the statement still comes from the bundled copy if it is the version the agent asks about
 * (a statement version names one text), so a person is never asked to accept something unseen.
 */
import { CONSENT_STATEMENT, type AgentStatus, type EvidenceClaims, type PrivacyActivity } from '@vigil/shared';
import type { ActivityRowView, PrivacyReportView } from '../privacy-report.js';
import type { AgentPrivacy } from './agent-client.js';
import { reportedChecks, reportFacts } from './claims-text.js';
import { formatAgo, formatWhen, type TimeContext } from './time-format.js';

const KIND_LABELS: Record<PrivacyActivity['kind'], string> = {
  push: 'Report sent',
  'check-now': 'Check requested',
  consent: 'Consent decision',
  enroll: 'Enrolled',
  unenroll: 'Unenrolled',
};

const NO_REPORT = 'No report has been sent from this device yet.';

export function privacyReport(privacy: AgentPrivacy, ctx: TimeContext): PrivacyReportView {
  const last = privacy.lastReport;
  return {
    problem: null,
    statement: { version: privacy.statement.version, text: privacy.statement.text },
    lastReport: last
      ? {
          sent: `Sent ${formatWhen(new Date(last.sentAt), ctx)} (${formatAgo(new Date(last.sentAt), ctx.now)})`,
          facts: reportFacts(last.claims as EvidenceClaims),
          checks: reportedChecks((last.claims as EvidenceClaims).posture, ctx),
          raw: JSON.stringify(last.claims, null, 2),
        }
      : null,
    lastReportNote: last ? '' : NO_REPORT,
    activity: privacy.activity.map((a): ActivityRowView => ({
      when: formatWhen(new Date(a.at), ctx),
      what: KIND_LABELS[a.kind],
      requester: a.requester,
      outcome: a.outcome,
    })),
  };
}

/** What the window shows when the agent could not give its report. */
export function privacyReportUnavailable(problem: string, status: AgentStatus | undefined): PrivacyReportView {
  const version = status?.consent.statementVersion;
  const bundled = version === CONSENT_STATEMENT.version ? CONSENT_STATEMENT : null;
  return {
    problem,
    statement: bundled ? { version: bundled.version, text: bundled.text } : null,
    lastReport: null,
    lastReportNote: 'The last report cannot be shown right now.',
    activity: [],
  };
}
