/**
 * The Device Health window in real headless Chromium (Debian's /usr/bin/chromium, driven by
 * playwright-core; never `playwright install`), loading the built dist/renderer from file:// as
 * Electron does, with a stand-in for the preload that answers like the main process would and
 * records every call. Shared by the renderer's browser tests.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { HealthView } from '../health-view.js';
import { buildHealthView } from '../main/health-view.js';
import { createLinkPolicy } from '../main/link-policy.js';
import { privacyReport } from '../main/privacy-report.js';
import type { ConsentDecisionResult, PrivacyReportView } from '../privacy-report.js';
import { agentPrivacy } from './privacy.js';
import { buildRenderer } from './renderer-build.js';
import { NOW, SCENARIOS, TIME_ZONE, type ScenarioName } from './statuses.js';

const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/tray/', import.meta.url));
const links = createLinkPolicy({ helpHosts: ['help.example.com'] });

export const view = (name: ScenarioName): HealthView =>
  buildHealthView(SCENARIOS[name](), { now: NOW, timeZone: TIME_ZONE, platform: 'linux', links });
export const report = (): PrivacyReportView => privacyReport(agentPrivacy(), { now: NOW, timeZone: TIME_ZONE });

export async function launchWindowBrowser(): Promise<{ browser: Browser; indexUrl: string }> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: apt-get install -y chromium (scripts/system-deps.mjs does it for npm test)`,
    );
  const indexUrl = pathToFileURL(join(await buildRenderer(), 'index.html')).href;
  await mkdir(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  return { browser, indexUrl };
}

export interface WindowOptions {
  hash?: string;
  privacy?: PrivacyReportView;
  /** What consent:decide answers, and the view the main process pushes after a recorded one. */
  decision?: { result: ConsentDecisionResult; next?: HealthView };
}

export interface OpenedWindow {
  page: Page;
  calls: () => Promise<unknown[][]>;
}

export async function openWindow(
  browser: Browser,
  indexUrl: string,
  initial: HealthView,
  options: WindowOptions = {},
): Promise<OpenedWindow> {
  const context = await browser.newContext({
    viewport: { width: 760, height: 900 },
    colorScheme: 'light',
    locale: 'en-GB',
  });
  const page = await context.newPage();
  const setup = {
    first: initial,
    privacy: options.privacy ?? report(),
    decision: options.decision ?? { result: { recorded: true, message: 'Recorded.' } },
  };
  await page.addInitScript((s: typeof setup) => {
    const listeners: Array<(v: HealthView) => void> = [];
    const calls: unknown[][] = [];
    const push = (v: HealthView) => listeners.forEach((l) => l(v));
    Object.assign(window, { __calls: calls, __push: push });
    // contextBridge hands the page a frozen copy of the API; so does this stand-in.
    const api = Object.freeze({
      getHealth: async () => ({ ok: true, value: s.first }),
      onHealthChanged: (listener: (v: HealthView) => void) => (listeners.push(listener), () => {}),
      checkNow: async () => (
        calls.push(['checkNow']),
        { ok: true, value: { accepted: true, message: 'Check started; the status updates when it finishes.' } }
      ),
      openLink: async (url: string) => (calls.push(['openLink', url]), { ok: true, value: { opened: true } }),
      getPrivacy: async () => (calls.push(['getPrivacy']), { ok: true, value: s.privacy }),
      decideConsent: async (decision: string, version: string) => {
        calls.push(['decideConsent', decision, version]);
        if (s.decision.result.recorded && s.decision.next) setTimeout(() => push(s.decision.next!), 0);
        return { ok: true, value: s.decision.result };
      },
    });
    Object.defineProperty(window, 'vigil', { value: api });
  }, setup);
  await page.goto(`${indexUrl}${options.hash ?? ''}`);
  await page.waitForSelector('body[data-ready="true"][data-privacy-ready="true"]');
  return { page, calls: () => page.evaluate(() => (window as unknown as { __calls: unknown[][] }).__calls) };
}

export const pushView = (page: Page, next: HealthView) =>
  page.evaluate((v) => (window as unknown as { __push(v: unknown): void }).__push(v), next);
