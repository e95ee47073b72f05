/**
 * What the Device Health window and the tray menu show, computed once in the main process from
 * the agent's status so the icon, the menu and the window can never disagree. The renderer only
 * lays it out; it holds no logic that could turn a result green.
 */
import type { CheckId, Platform } from '@vigil/shared';

export const TRAY_STATES = ['compliant', 'warning', 'noncompliant', 'unknown'] as const;
export type TrayState = (typeof TRAY_STATES)[number];

/** Why the state is `unknown`: each has its own explanation and next step. */
export type UnknownReason =
  'agent-unreachable' | 'consent-needed' | 'result-expired' | 'not-verified' | 'status-unknown';

/** A check result as a badge: text + shape, never colour alone. */
export const BADGE_KINDS = ['pass', 'warn', 'fail', 'unknown'] as const;
export type BadgeKind = (typeof BADGE_KINDS)[number];

export interface LinkView {
  label: string;
  /** Already allowed by the link policy; the main process checks it again when asked to open it. */
  url: string;
}

export interface CheckCardView {
  id: CheckId;
  title: string;
  badge: BadgeKind;
  /** The reason with its evidence: "Disk encryption: not encrypted, from /usr/bin/lsblk at 09:41". */
  evidence: string;
  /** Remediation for this device's OS, one step per entry; empty when the check passes. */
  steps: string[];
  links: LinkView[];
  /** Under warn-then-block: "Fix before Tue 14:00 · 2 d 4 h left". */
  deadline?: string;
}

export interface AgentDownView {
  title: string;
  detail: string;
  /** The error behind it, for IT: code and message. */
  technical: string;
  /** Ways to start the agent on this OS, each a label and a command to type. */
  steps: Array<{ label: string; command: string }>;
}

export interface PrivacyView {
  intro: string;
  collected: Array<{ title: string; items: string[] }>;
  leavesDevice: string[];
  neverCollected: string[];
}

/** Consent on a personal (BYOD) device; absent where the agent asks for none (managed devices). */
export interface ConsentView {
  state: 'pending' | 'accepted' | 'withdrawn';
  /** Show the statement with Accept / Not now: consent is required and not given. */
  needed: boolean;
  /** The statement version the agent asks about (the one an Accept answers). */
  statementVersion: string;
  /** "Accepted on Mon 09:00", "Withdrawn at 14:05"; null before any decision. */
  decided: string | null;
}

export interface HealthView {
  state: TrayState;
  /** The state as a badge text: "Compliant", "Warning", "Not compliant", "Unknown". */
  stateLabel: string;
  unknownReason?: UnknownReason;
  /** "All good", "Fix 1 issue to keep access", "Access blocked", "Agent not running"… */
  headline: string;
  summary: string;
  /** "Verified 12 min ago · valid until 15:30", or null when nothing was ever verified. */
  freshness: string | null;
  deadline?: string;
  issueCount: number;
  checks: CheckCardView[];
  agentDown?: AgentDownView;
  privacy: PrivacyView;
  consent?: ConsentView;
  /**
   * Changes whenever the privacy report may have (a report sent, a consent decision, the agent
   * coming or going): the window then asks for the report again instead of polling it.
   */
  privacyStamp: string;
  /** data: URLs (SVG) for the state icon and each badge kind, drawn from the tray icon geometry. */
  icons: Record<TrayState, string>;
  badges: Record<BadgeKind, { label: string; icon: string }>;
  canCheckNow: boolean;
  platform: Platform;
  footer: string;
}
