/**
 * The Device Health window in real headless Chromium (Debian's /usr/bin/chromium, driven by
 * playwright-core; never `playwright install`). The page is the built dist/renderer served from
 * file:// as Electron loads it; a stand-in for the preload injects the view, so every state can
 * be shown. Screenshots go to test-artifacts/tray/.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthView } from '../health-view.js';
import { RENDERER_CSP } from '../main/window-security.js';
import { accessibleNames, contrastRatio, tabOrder } from '../test-support/page-checks.js';
import type { ScenarioName } from '../test-support/statuses.js';
import { ARTIFACTS, launchWindowBrowser, openWindow, pushView, view } from '../test-support/window-page.js';

let browser: Browser;
let indexUrl: string;

beforeAll(async () => {
  ({ browser, indexUrl } = await launchWindowBrowser());
}, 120_000);
afterAll(async () => browser?.close());

const open = (initial: HealthView, hash = '') => openWindow(browser, indexUrl, initial, { hash });

const SCREENS: Array<{ name: ScenarioName; file: string; texts: string[] }> = [
  {
    name: 'compliant',
    file: 'compliant',
    texts: [
      'All good',
      'Compliant',
      'Verified 19 min ago · valid until 15:41',
      'Disk encryption: every volume is encrypted (LUKS2), from /usr/bin/lsblk and /usr/sbin/cryptsetup at 09:41',
    ],
  },
  {
    name: 'warning',
    file: 'warning-deadline',
    texts: [
      'Fix 1 issue to keep access',
      'Warning',
      'Fix before Wed 14:00 to keep access · 2 d 4 h left',
      'Fix before Wed 14:00 · 2 d 4 h left',
      'How to fix on Linux',
      'sudo ufw enable',
    ],
  },
  {
    name: 'noncompliant',
    file: 'noncompliant',
    texts: [
      'Access blocked',
      'Not compliant',
      'Access to company apps is blocked until these 2 issues are fixed.',
      'Disk encryption: not encrypted, from /usr/bin/lsblk at 09:41',
      'More help',
    ],
  },
  {
    name: 'expired',
    file: 'unknown-expired',
    texts: ['Result expired', 'Last verified 8 h ago · expired at 07:10', 'Unknown'],
  },
  {
    name: 'unreachable',
    file: 'agent-not-running',
    texts: ['Agent not running', 'How to start the Vigil agent', 'sudo systemctl start vigil-agent', 'npx vigil run'],
  },
];

describe.each(SCREENS)('Device Health window: $file', ({ name, file, texts }) => {
  it('shows the key texts, is accessible, and writes a screenshot', async () => {
    const v = view(name);
    const { page } = await open(v);
    const body = await page.locator('body').innerText();
    for (const text of texts) expect(body, text).toContain(text);
    expect(body).toContain('Privacy: what Vigil collects');
    await page.screenshot({ path: join(ARTIFACTS, `${file}.png`), fullPage: true });

    // Every button and badge has an accessible name; badges say their result in words.
    const named = await accessibleNames(page);
    expect(named.unnamed, 'elements without an accessible name').toEqual([]);
    expect(named.images).toContain(v.stateLabel);
    for (const card of v.checks) expect(named.images).toContain(v.badges[card.badge].label);

    // The keyboard reaches every action.
    const focusable = await page.locator('button:not([disabled])').count();
    const reached = await tabOrder(page, focusable + 1);
    if (v.canCheckNow) expect(reached).toContain('Check now');
    expect(reached).toContain('Privacy');
    for (const link of v.checks.flatMap((c) => c.links)) expect(reached).toContain(link.label);

    // Badge text against its own fill, from computed styles.
    const badges = await page.locator('.badge').all();
    expect(badges.length).toBe(v.checks.length + 1);
    for (const badge of badges) {
      const [fg, bg] = await badge.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]);
      expect(
        contrastRatio(fg!, bg!),
        `${await badge.getAttribute('aria-label')}: ${fg} on ${bg}`,
      ).toBeGreaterThanOrEqual(4.5);
    }
    await page.context().close();
  }, 60_000);
});

describe('Device Health window: behaviour', { timeout: 60_000 }, () => {
  // (eval cannot be probed here: code evaluated through DevTools is exempt from CSP eval checks.)
  it('carries the CSP, which blocks inline script, inline style and connections', async () => {
    const { page } = await open(view('compliant'));
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(RENDERER_CSP);
    const outcome = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.head.append(script);
      const styled = document.createElement('div');
      styled.innerHTML = '<span style="color: rgb(255, 0, 0)">x</span>';
      document.body.append(styled);
      const styleApplied = getComputedStyle(styled.firstElementChild!).color === 'rgb(255, 0, 0)';
      const fetchBlocked = await fetch('https://example.com/').then(
        () => false,
        () => true,
      );
      await new Promise((r) => setTimeout(r, 100));
      return {
        inlineRan: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true,
        styleApplied,
        fetchBlocked,
        violations,
      };
    });
    expect(outcome).toMatchObject({ inlineRan: false, styleApplied: false, fetchBlocked: true });
    expect(outcome.violations).toEqual(expect.arrayContaining(['script-src-elem', 'style-src-attr', 'connect-src']));
    await page.context().close();
  });

  it('opens help through the API and never navigates', async () => {
    const { page, calls } = await open(view('noncompliant'));
    await page.getByRole('button', { name: 'More help' }).click();
    await page.getByRole('button', { name: 'Check now' }).click();
    await expect
      .poll(async () => (await calls()).filter(([name]) => name !== 'getPrivacy'))
      .toEqual([['openLink', 'https://help.example.com/vigil/disk-encryption'], ['checkNow']]);
    expect(page.url()).toBe(indexUrl);
    await expect
      .poll(() => page.locator('#action-result').innerText())
      .toBe('Check started; the status updates when it finishes.');
    await page.context().close();
  });

  it('follows status changes pushed by the main process and announces them', async () => {
    const { page } = await open(view('compliant'));
    await pushView(page, view('noncompliant'));
    expect(await page.locator('h1').innerText()).toBe('Access blocked');
    expect(await page.locator('#action-result').innerText()).toBe('Status changed: Access blocked.');
    expect(await page.locator('.card').first().getAttribute('data-badge')).toBe('fail');
    await page.context().close();
  });

  it('opens at the check chosen in the tray menu', async () => {
    const { page } = await open(view('noncompliant'), '#net.firewall');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Firewall');
    await page.context().close();
  });

  it('says where it belongs when opened without the preload', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(indexUrl);
    await expect.poll(() => page.locator('h1').innerText()).toBe('Open this window from the Vigil tray icon.');
    await context.close();
  });
});
