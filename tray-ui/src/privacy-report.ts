/**
 * The privacy report in the Device Health window: the consent statement, the last report exactly
 * as the agent signed and sent it (readable, and as raw JSON), and the local log of every push
 * and check request. Built in the main process from the agent's `GET /v1/privacy`
 * (main/privacy-report.ts) and fetched by the window on demand, not with every status poll.
 */
import type { CheckId } from '@vigil/shared';

export interface PrivacyReportView {
  /** Why part or all of it cannot be shown (agent not running, older agent…); null when loaded. */
  problem: string | null;
  /** The statement the agent asks consent for; null when it could not be read. */
  statement: { version: string; text: string } | null;
  lastReport: LastReportView | null;
  /** Shown instead of the report when there is none: "No report has been sent yet." */
  lastReportNote: string;
  /** Newest first. */
  activity: ActivityRowView[];
}

export interface LastReportView {
  /** "Sent 09:41 (19 min ago)". */
  sent: string;
  /** Report number, device id, agent, OS family, ownership, computer name (or "not sent")… */
  facts: Array<{ label: string; value: string }>;
  checks: ReportedCheckView[];
  /** The signed claims, pretty-printed, exactly as received from the agent (nothing dropped). */
  raw: string;
}

export interface ReportedCheckView {
  id: CheckId;
  title: string;
  /** "Read", "Not supported here", "Could not be read". */
  outcome: string;
  /** The values sent, one per line: "Pending security updates: 0". */
  lines: string[];
  /** "Read from /usr/bin/lsblk at 09:41 (14 ms)". */
  evidence: string[];
}

export interface ActivityRowView {
  when: string;
  what: string;
  requester: string;
  outcome: string;
}

/** The answer to Accept or Withdraw: recorded or not, and a sentence saying so. */
export interface ConsentDecisionResult {
  recorded: boolean;
  message: string;
}
