/**
 * A tray controller over a fake agent (the scenarios of statuses.ts, the privacy report of
 * privacy.ts) and a recording TrayPort. A consent decision moves the fake agent to the matching
 * personal scenario, as the real agent's status would change.
 */
import type { AgentStatus, CheckNowResponse, ConsentRequest, ConsentStatus } from '@vigil/shared';
import { vi } from 'vitest';
import type { HealthView } from '../health-view.js';
import { AgentClientError, type AgentClient, type AgentPrivacy } from '../main/agent-client.js';
import type { TrayModel, TrayPreferences } from '../main/menu-model.js';
import type { TrayNotification } from '../main/notifications.js';
import { createTrayController, type TrayPort } from '../main/tray-controller.js';
import { agentPrivacy } from './privacy.js';
import { NOW, SCENARIOS, TIME_ZONE, type ScenarioName } from './statuses.js';

const MIN = 60_000;

export function harness(options: { serviceUrl?: string } = {}) {
  let scenario: ScenarioName = 'compliant';
  let clock = NOW.getTime();
  const models: TrayModel[] = [];
  const notifications: TrayNotification[] = [];
  const views: HealthView[] = [];
  let saved: TrayPreferences | undefined;
  const port: TrayPort = {
    render: (m) => void models.push(m),
    notify: (n) => void notifications.push(n),
    pushView: (v) => void views.push(v),
    openWindow: vi.fn(),
    openExternal: vi.fn(async () => {}),
    quit: vi.fn(),
  };
  const currentStatus = (): AgentStatus => {
    const snapshot = SCENARIOS[scenario]();
    if (snapshot.kind === 'unreachable')
      throw new AgentClientError('VIGIL_TRAY_AGENT_UNREACHABLE', 'the agent is not running');
    return snapshot.status;
  };
  const requestCheckNow = vi.fn(async (): Promise<CheckNowResponse> => ({ accepted: true, message: 'check started' }));
  const fetchPrivacy = vi.fn(async (): Promise<AgentPrivacy> => {
    currentStatus();
    return agentPrivacy();
  });
  const decideConsent = vi.fn(async (request: ConsentRequest): Promise<ConsentStatus> => {
    scenario = request.decision === 'accept' ? 'personalAccepted' : 'consentWithdrawn';
    return currentStatus().consent;
  });
  const client: AgentClient = {
    fetchStatus: async () => {
      const status = currentStatus();
      return options.serviceUrl === undefined
        ? status
        : { ...status, service: { ...status.service, url: options.serviceUrl } };
    },
    requestCheckNow,
    fetchPrivacy,
    decideConsent,
  };
  const controller = createTrayController({
    client,
    port,
    prefs: { load: async () => ({ hideWhenHealthy: true }), save: async (p) => void (saved = p) },
    config: { platform: 'linux', socketPath: '/run/vigil/status.sock', pollIntervalMs: 3_600_000, helpHosts: [] },
    now: () => new Date(clock),
    timeZone: TIME_ZONE,
  });
  return {
    controller,
    client,
    port,
    models,
    notifications,
    views,
    requestCheckNow,
    fetchPrivacy,
    decideConsent,
    saved: () => saved,
    async step(name: ScenarioName, minutes = 1) {
      scenario = name;
      clock += minutes * MIN;
      await controller.refresh();
      return models.at(-1)!;
    },
  };
}
