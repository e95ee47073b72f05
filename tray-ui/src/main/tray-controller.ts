/**
 * The tray's behaviour without Electron: polls the agent, builds the view, renders the tray model,
 * decides notifications and answers the menu and the window. electron-shell.ts implements the
 * TrayPort; tests use a fake one.
 */
import type { CheckNowResponse } from '@vigil/shared';
import type { HealthView } from '../health-view.js';
import type { ConsentDecision } from '../ipc-contract.js';
import type { ConsentDecisionResult, PrivacyReportView } from '../privacy-report.js';
import type { AgentClient } from './agent-client.js';
import { startHint } from './agent-down.js';
import { decideConsent as decide, readPrivacyReport } from './consent-actions.js';
import { buildHealthView } from './health-view.js';
import { createLinkPolicy, helpHostOf, type LinkPolicy } from './link-policy.js';
import {
  buildTrayModel,
  type MenuAction,
  type TrayModel,
  type TrayPreferences,
  type WindowSection,
} from './menu-model.js';
import {
  decideNotification,
  INITIAL_NOTIFIER_MEMORY,
  type NotificationOptions,
  type NotifierMemory,
  type TrayNotification,
} from './notifications.js';
import type { PrefsStore } from './prefs-store.js';
import { createPoller } from './status-poller.js';
import type { TrayConfig } from './tray-config.js';
import type { AgentSnapshot } from './tray-state.js';

export interface TrayPort {
  render(model: TrayModel): void;
  notify(notification: TrayNotification): void;
  /** Sends the view to the Device Health window, if open. */
  pushView(view: HealthView): void;
  openWindow(section?: WindowSection): void;
  openExternal(url: string): Promise<void>;
  quit(): void;
}

export interface TrayControllerDeps {
  client: AgentClient;
  port: TrayPort;
  prefs: PrefsStore;
  config: TrayConfig;
  now?: () => Date;
  timeZone?: string;
  notifications?: NotificationOptions;
  onError?: (error: unknown) => void;
}

export interface TrayController {
  start(): Promise<void>;
  stop(): Promise<void>;
  refresh(): Promise<void>;
  currentView(): HealthView;
  checkNow(): Promise<CheckNowResponse>;
  openLink(url: string): Promise<boolean>;
  /** The privacy report for the window: asked of the agent when the window wants it. */
  privacyReport(): Promise<PrivacyReportView>;
  /** Passes the owner's Accept or Withdraw to the agent, then refreshes the status. */
  decideConsent(decision: ConsentDecision, statementVersion: string): Promise<ConsentDecisionResult>;
  handleMenuAction(action: MenuAction): Promise<void>;
}

const CHECK_NOW_REFRESH_MS = 5_000;

export function createTrayController(deps: TrayControllerDeps): TrayController {
  const now = deps.now ?? (() => new Date());
  let prefs: TrayPreferences = { hideWhenHealthy: false };
  let snapshot: AgentSnapshot = {
    kind: 'unreachable',
    error: { code: 'VIGIL_TRAY_AGENT_UNREACHABLE', message: 'not asked yet' },
  };
  let links: LinkPolicy = createLinkPolicy({ helpHosts: deps.config.helpHosts });
  let view = build();
  let memory: NotifierMemory = INITIAL_NOTIFIER_MEMORY;
  let pushed = '';
  const poller = createPoller(refresh, deps.config.pollIntervalMs, deps.onError);

  function build(): HealthView {
    return buildHealthView(snapshot, { now: now(), timeZone: deps.timeZone, platform: deps.config.platform, links });
  }

  function allowHide(): boolean {
    return snapshot.kind === 'status' && snapshot.status.policy.allowHideWhenHealthy;
  }

  function show(): void {
    view = build();
    deps.port.render(buildTrayModel(view, allowHide(), prefs));
    const serialized = JSON.stringify(view);
    if (serialized !== pushed) {
      pushed = serialized;
      deps.port.pushView(view);
    }
  }

  async function refresh(): Promise<void> {
    try {
      snapshot = { kind: 'status', status: await deps.client.fetchStatus() };
    } catch (error) {
      const { code, message } = error as { code?: unknown; message?: unknown };
      snapshot = {
        kind: 'unreachable',
        error: { code: typeof code === 'string' ? code : 'VIGIL_TRAY_AGENT_UNREACHABLE', message: String(message) },
      };
    }
    const helpHost = snapshot.kind === 'status' ? helpHostOf(snapshot.status.policy.helpUrl) : undefined;
    links = createLinkPolicy({ helpHosts: helpHost ? [...deps.config.helpHosts, helpHost] : deps.config.helpHosts });
    show();
    const decision = decideNotification(memory, view, now().getTime(), deps.notifications);
    memory = decision.memory;
    if (decision.notification) deps.port.notify(decision.notification);
  }

  async function checkNow(): Promise<CheckNowResponse> {
    if (snapshot.kind === 'unreachable')
      return { accepted: false, message: `The Vigil agent is not running. ${startHint(deps.config.platform)}` };
    try {
      const answer = await deps.client.requestCheckNow();
      if (answer.accepted) poller.nudge(CHECK_NOW_REFRESH_MS);
      return answer;
    } catch (error) {
      deps.onError?.(error);
      return { accepted: false, message: 'The agent did not accept the request. Try again in a minute.' };
    }
  }

  return {
    async start() {
      prefs = await deps.prefs.load();
      poller.start();
    },
    stop: () => poller.stop(),
    refresh,
    currentView: () => view,
    checkNow,
    async openLink(url) {
      if (!links.isAllowed(url)) return false;
      await deps.port.openExternal(url);
      return true;
    },
    privacyReport: () => readPrivacyReport(deps.client, snapshot, { now: now(), timeZone: deps.timeZone }),
    async decideConsent(decision, statementVersion) {
      const result = await decide(deps.client, snapshot, decision, statementVersion, deps.onError);
      if (result.recorded) await refresh();
      return result;
    },
    async handleMenuAction(action) {
      switch (action.kind) {
        case 'check-now': {
          const answer = await checkNow();
          deps.port.notify({
            state: view.state,
            title: answer.accepted ? 'Checking this device' : 'Check not started',
            body: answer.message,
          });
          return;
        }
        case 'open-window':
          deps.port.openWindow(action.section);
          return;
        case 'toggle-hide-when-healthy':
          prefs = { ...prefs, hideWhenHealthy: !prefs.hideWhenHealthy };
          await deps.prefs.save(prefs);
          show();
          return;
        case 'quit':
          deps.port.quit();
          return;
      }
    },
  };
}
