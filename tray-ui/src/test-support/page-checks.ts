/** Accessibility measurements for the browser tests: accessible names, tab order, WCAG contrast. */
import type { Page } from 'playwright-core';

interface AxNode {
  ignored?: boolean;
  role?: { value?: string };
  name?: { value?: string };
}

/** From Chromium's accessibility tree: buttons, links and images that have no name, and the names of images (badges). */
export async function accessibleNames(page: Page): Promise<{ unnamed: string[]; images: string[] }> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
  await cdp.detach();
  const visible = nodes.filter((n) => !n.ignored);
  const interesting = visible.filter((n) =>
    ['button', 'link', 'img', 'image', 'textbox', 'checkbox'].includes(n.role?.value ?? ''),
  );
  return {
    unnamed: interesting.filter((n) => !n.name?.value?.trim()).map((n) => n.role?.value ?? '?'),
    images: visible.filter((n) => n.role?.value === 'img' || n.role?.value === 'image').map((n) => n.name?.value ?? ''),
  };
}

/** Presses Tab from the top of the page and lists the text of what receives focus. */
export async function tabOrder(page: Page, maxSteps: number): Promise<string[]> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const reached: string[] = [];
  for (let i = 0; i < maxSteps; i++) {
    await page.keyboard.press('Tab');
    const text = await page.evaluate(() =>
      document.activeElement === document.body ? '' : (document.activeElement?.textContent ?? '').trim(),
    );
    if (text) reached.push(text);
  }
  return reached;
}

function channels(css: string): [number, number, number, number] {
  const match = /rgba?\(([^)]+)\)/.exec(css);
  if (!match) throw new Error(`not an rgb() colour: ${css}`);
  const [r = 0, g = 0, b = 0, a = 1] = match[1]!
    .split(/[ ,/]+/)
    .filter(Boolean)
    .map(Number);
  return [r, g, b, a];
}

function luminance([r, g, b]: [number, number, number, number]): number {
  const lin = (c: number): number => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG 2 contrast ratio of two computed CSS colours (opaque ones: badges have solid fills). */
export function contrastRatio(foreground: string, background: string): number {
  const [fg, bg] = [channels(foreground), channels(background)];
  if (bg[3] < 1) throw new Error(`background ${background} is not opaque; the badge must set its own fill`);
  const [light, dark] = [luminance(fg), luminance(bg)].sort((a, b) => b - a) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * Text colour and the background it is actually drawn on: the element's own fill, else the first
 * ancestor (or the dialog, or the page) that has an opaque one.
 */
export async function effectiveColors(page: Page, selector: string): Promise<[string, string]> {
  return page
    .locator(selector)
    .first()
    .evaluate((element) => {
      let node: Element | null = element;
      let background = 'rgb(255, 255, 255)';
      while (node) {
        const fill = getComputedStyle(node).backgroundColor;
        // Chromium writes opaque colours as rgb() and anything with alpha < 1 as rgba().
        if (fill.startsWith('rgb(')) {
          background = fill;
          break;
        }
        node = node.parentElement;
      }
      return [getComputedStyle(element).color, background] as [string, string];
    });
}
