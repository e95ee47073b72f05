/**
 * The consent view, the withdraw confirmation and the privacy report in real headless Chromium,
 * per state: texts, accessible names, keyboard paths, contrast, no inline styles under the CSP.
 * Screenshots go to test-artifacts/tray/.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../main/window-security.js';
import { accessibleNames, contrastRatio, effectiveColors, tabOrder } from '../test-support/page-checks.js';
import { LAST_REPORT_CLAIMS } from '../test-support/privacy.js';
import { ARTIFACTS, launchWindowBrowser, openWindow, report, view } from '../test-support/window-page.js';

let browser: Browser;
let indexUrl: string;
beforeAll(async () => {
  ({ browser, indexUrl } = await launchWindowBrowser());
}, 120_000);
afterAll(async () => browser?.close());

const text = (page: Page) => page.locator('body').innerText();
const visible = (page: Page, selector: string) => page.locator(selector).isVisible();

/** Text on the background it is drawn on, from computed styles; WCAG AA for text. */
async function expectContrast(page: Page, selectors: string[]): Promise<void> {
  for (const selector of selectors) {
    const [fg, bg] = await effectiveColors(page, selector);
    expect(contrastRatio(fg, bg), `${selector}: ${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
  }
}

async function expectAccessibleAndStyleFree(page: Page): Promise<void> {
  expect((await accessibleNames(page)).unnamed, 'elements without an accessible name').toEqual([]);
  expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(RENDERER_CSP);
  // Everything is styled from styles.css: nothing the CSP would have to block.
  expect(await page.locator('[style]').count()).toBe(0);
}

describe('consent view (personal device, not yet accepted)', { timeout: 60_000 }, () => {
  it('shows the statement with Accept / Not now, focused, accessible and readable', async () => {
    const { page, calls } = await openWindow(browser, indexUrl, view('consentPending'));
    const body = await text(page);
    for (const expected of [
      'Your decision is needed',
      'Before Vigil checks your device',
      'Vigil on your own device: what it does and what you decide',
      'What Vigil collects',
      'What Vigil never collects',
      'Who sees it',
      'How to stop',
      'Statement version 1',
      'You have not decided yet: Vigil checks nothing and sends nothing.',
      'Nothing at the moment: Vigil collects and sends nothing until you accept the statement.',
    ])
      expect(body, expected).toContain(expected);
    expect(await page.locator('#consent-statement h4').allInnerTexts()).toEqual(
      expect.arrayContaining(['What Vigil collects', 'How often', 'Who sees it', 'How to stop']),
    );
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('consent-title');
    expect(await visible(page, '#checks-section')).toBe(false);
    expect(await page.getByRole('button', { name: 'Check now' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Accept' }).isEnabled()).toBe(true);
    expect(await visible(page, '#consent-withdraw')).toBe(false);
    await expectAccessibleAndStyleFree(page);
    expect((await accessibleNames(page)).images).toContain('Unknown');
    const reached = await tabOrder(page, 8);
    expect(reached).toEqual(expect.arrayContaining(['Accept', 'Not now', 'Privacy']));
    await expectContrast(page, ['#consent-accept', '#consent-later', '#consent-version', '#headline']);
    await page.screenshot({ path: join(ARTIFACTS, 'consent-pending.png'), fullPage: true });
    expect(await calls()).toEqual([['getPrivacy']]);
    await page.context().close();
  });

  it('Accept by keyboard sends the version shown, and the window follows the new status', async () => {
    const { page, calls } = await openWindow(browser, indexUrl, view('consentPending'), {
      decision: {
        result: { recorded: true, message: 'Thank you. Vigil will now check this device.' },
        next: view('personalAccepted'),
      },
    });
    await page.getByRole('button', { name: 'Accept' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('h1').innerText()).toBe('All good');
    expect(await page.locator('#action-result').innerText()).toBe('Status changed: All good.');
    expect(await visible(page, '#consent')).toBe(false);
    expect(await visible(page, '#checks-section')).toBe(true);
    expect(await page.locator('#privacy-consent-state').innerText()).toBe(
      'You accepted the statement: Vigil checks this device and sends the results. Accepted on Fri 08:30.',
    );
    expect(await visible(page, '#consent-withdraw')).toBe(true);
    expect((await calls()).filter(([name]) => name === 'decideConsent')).toEqual([['decideConsent', 'accept', '1']]);
    await page.context().close();
  });

  it('Not now folds the statement away without telling the agent anything, and it comes back', async () => {
    const { page, calls } = await openWindow(browser, indexUrl, view('consentPending'));
    await page.getByRole('button', { name: 'Not now' }).click();
    expect(await visible(page, '#consent-statement')).toBe(false);
    expect(await text(page)).toContain('Nothing is collected until you decide.');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Read the statement');
    await page.keyboard.press('Enter');
    expect(await visible(page, '#consent-statement')).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('consent-title');
    expect((await calls()).some(([name]) => name === 'decideConsent')).toBe(false);
    await page.context().close();
  });

  it('never offers Accept for a statement it could not show, or for an outdated one', async () => {
    const missing = { ...report(), problem: 'The Vigil agent did not give its privacy report.', statement: null };
    const first = await openWindow(browser, indexUrl, view('consentPending'), { privacy: missing });
    expect(await first.page.getByRole('button', { name: 'Accept' }).isDisabled()).toBe(true);
    expect(await first.page.locator('#consent-statement').innerText()).toBe(
      'The Vigil agent did not give its privacy report.',
    );
    await first.page.context().close();

    const outdated = { ...report(), statement: { version: '0.9', text: 'An older statement.' } };
    const second = await openWindow(browser, indexUrl, view('consentPending'), { privacy: outdated });
    expect(await second.page.getByRole('button', { name: 'Accept' }).isDisabled()).toBe(true);
    expect(await second.page.locator('#consent-version').innerText()).toContain('newer version');
    await second.page.context().close();
  });

  it('after a withdrawal: says so, with the statement and Accept available again', async () => {
    const { page } = await openWindow(browser, indexUrl, view('consentWithdrawn'));
    expect(await page.locator('h1').innerText()).toBe('Consent withdrawn');
    expect(await text(page)).toContain('Withdrawn at 09:15.');
    expect(await visible(page, '#consent')).toBe(true);
    expect(await page.getByRole('button', { name: 'Accept' }).isEnabled()).toBe(true);
    expect(await visible(page, '#consent-withdraw')).toBe(false);
    await expectAccessibleAndStyleFree(page);
    await page.screenshot({ path: join(ARTIFACTS, 'consent-withdrawn.png'), fullPage: true });
    await page.context().close();
  });
});

describe('withdrawing consent from the privacy panel', { timeout: 60_000 }, () => {
  it('asks for confirmation: Escape keeps sharing, confirming withdraws', async () => {
    const { page, calls } = await openWindow(browser, indexUrl, view('personalAccepted'), {
      hash: '#privacy',
      decision: { result: { recorded: true, message: 'Consent withdrawn.' }, next: view('consentWithdrawn') },
    });
    const withdraw = page.getByRole('button', { name: 'Withdraw consent…' });
    await withdraw.click();
    const dialog = page.getByRole('dialog', { name: 'Withdraw your consent?' });
    expect(await dialog.isVisible()).toBe(true);
    // The safe choice has the focus.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Keep sharing');
    await expectContrast(page, ['#withdraw-confirm', '#withdraw-cancel', '#withdraw-text']);
    await page.screenshot({ path: join(ARTIFACTS, 'withdraw-confirmation.png') });
    await page.keyboard.press('Escape');
    expect(await dialog.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('consent-withdraw');
    expect((await calls()).some(([name]) => name === 'decideConsent')).toBe(false);

    await withdraw.click();
    await page.getByRole('button', { name: 'Withdraw consent', exact: true }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Consent withdrawn');
    expect((await calls()).filter(([name]) => name === 'decideConsent')).toEqual([['decideConsent', 'withdraw', '1']]);
    expect(await visible(page, '#consent')).toBe(true);
    expect(await visible(page, '#consent-statement')).toBe(false);
    await expect.poll(() => page.locator('#action-result').innerText()).toContain('Consent withdrawn');
    await page.context().close();
  });

  it('a refused decision says so and changes nothing', async () => {
    const { page } = await openWindow(browser, indexUrl, view('personalAccepted'), {
      decision: { result: { recorded: false, message: 'Your decision was not recorded; nothing changed.' } },
    });
    await page.getByRole('button', { name: 'Withdraw consent…' }).click();
    await page.getByRole('button', { name: 'Withdraw consent', exact: true }).click();
    await expect
      .poll(() => page.locator('#action-result').innerText())
      .toBe('Your decision was not recorded; nothing changed.');
    expect(await page.locator('h1').innerText()).toBe('All good');
    expect(await page.getByRole('button', { name: 'Withdraw consent…' }).isEnabled()).toBe(true);
    await page.context().close();
  });
});

describe('privacy report', { timeout: 60_000 }, () => {
  it('shows the last report readably, the raw JSON exactly as sent behind a disclosure, and the activity', async () => {
    const { page } = await openWindow(browser, indexUrl, view('personalAccepted'), { hash: '#privacy' });
    const body = await text(page);
    for (const expected of [
      'Last report, exactly as sent',
      'Sent 09:41 (19 min ago)',
      'Computer name',
      'not sent',
      'Security updates: Read',
      'Pending security updates: 1',
      'Ran /usr/bin/apt-get -s upgrade at 09:41 (812 ms)',
      'Firewall: Could not be read',
      'Screen lock: Not supported here',
      'Activity on this device',
    ])
      expect(body, expected).toContain(expected);
    const raw = page.locator('#last-report-raw');
    expect(await raw.isVisible()).toBe(false);
    await page.getByText('Show the raw report (JSON, as signed)').focus();
    await page.keyboard.press('Enter');
    expect(await raw.isVisible()).toBe(true);
    expect(JSON.parse(await raw.innerText())).toEqual(LAST_REPORT_CLAIMS);
    expect(await page.locator('#activity th').allInnerTexts()).toEqual(['When', 'What', 'Requested by', 'Outcome']);
    expect(await page.locator('#activity-rows tr').first().locator('td').allInnerTexts()).toEqual([
      '09:41',
      'Report sent',
      'schedule',
      'delivered',
    ]);
    await expectAccessibleAndStyleFree(page);
    await expectContrast(page, ['#last-report-sent', '.activity th', '.activity td', 'summary', '#last-report-raw']);
    await page.locator('#privacy').screenshot({ path: join(ARTIFACTS, 'privacy-report.png') });
    await page.context().close();
  });

  it('asks for the report again only when the status says it changed', async () => {
    const { page, calls } = await openWindow(browser, indexUrl, view('personalAccepted'));
    const asked = async () => (await calls()).filter(([name]) => name === 'getPrivacy').length;
    expect(await asked()).toBe(1);
    const same = view('personalAccepted');
    await page.evaluate((v) => (window as unknown as { __push(v: unknown): void }).__push(v), same);
    await page.evaluate((v) => (window as unknown as { __push(v: unknown): void }).__push(v), {
      ...same,
      privacyStamp: `${same.privacyStamp}|pushed`,
    });
    await expect.poll(asked).toBe(2);
    await page.context().close();
  });

  it('explains a missing report instead of an empty panel', async () => {
    const empty = {
      ...report(),
      problem: 'The Vigil agent is not running, so its report and log cannot be read.',
      lastReport: null,
      lastReportNote: 'The last report cannot be shown right now.',
      activity: [],
    };
    const { page } = await openWindow(browser, indexUrl, view('unreachable'), { privacy: empty });
    const body = await text(page);
    expect(body).toContain('The Vigil agent is not running, so its report and log cannot be read.');
    expect(body).toContain('The last report cannot be shown right now.');
    expect(body).toContain('Nothing recorded yet.');
    expect(await visible(page, '#last-report-raw-box')).toBe(false);
    await expectContrast(page, ['#privacy-problem']);
    await page.context().close();
  });
});
