import type { Locator, Page } from '@playwright/test';
import { expect } from './serverFixture.js';

/** Opens a project from the start screen by typing its folder, and waits for its name in the top bar. */
/**
 * How long a test waits for the small e2e demo to be built and opened. It is built from nothing
 * (world, import, four models, predictions) in the test's own server, which takes 10–30 s on a
 * quiet machine and has taken over 90 s with the cores shared: a test waits for the build, it does
 * not time it. Tests that open the demo add this to their own timeout.
 */
export const DEMO_BUILD_MS = 300_000;

/** Builds (first use) and opens the demo from the start screen, as a newcomer does. */
export async function openDemo(page: Page): Promise<void> {
  await page.getByTestId('open-demo').click();
  await expect(page.getByTestId('project-name')).toHaveText('Demo project', { timeout: DEMO_BUILD_MS });
}

export async function openProject(page: Page, dir: string, name: string): Promise<void> {
  const openForm = page.getByTestId('open-form');
  await openForm.getByLabel('Project folder').fill(dir);
  await openForm.getByRole('button', { name: 'Open project' }).click();
  await expect(page.getByTestId('project-name')).toHaveText(name);
}

/** Creates an empty project in DIR from the start screen and waits for its empty Pool. */
export async function createProject(page: Page, dir: string): Promise<void> {
  await page.getByLabel('Project folder').first().fill(dir);
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByTestId('pool-empty')).toBeVisible();
}

/** Passes the Rating view's gate under a rater's name (the view must be on screen). */
export async function startRating(page: Page, rater = 'Ada'): Promise<void> {
  await page.getByLabel('Your name').fill(rater);
  await page.getByRole('button', { name: 'Start rating' }).click();
}

/**
 * A prediction overlay covers exactly the image it is drawn over (within a pixel on every side), at
 * each window size given: an overlay stretched wider or taller than its image shows labels on the
 * wrong pixels.
 */
export async function expectOverlayAligned(page: Page, figureOrTestId: string | Locator, sizes: ReadonlyArray<{ width: number; height: number }>): Promise<void> {
  const figure = typeof figureOrTestId === 'string' ? page.getByTestId(figureOrTestId) : figureOrTestId;
  const figureTestId = typeof figureOrTestId === 'string' ? figureOrTestId : String(figureOrTestId);
  for (const size of sizes) {
    await page.setViewportSize(size);
    await figure.scrollIntoViewIfNeeded();
    await expect(async () => {
      const image = await figure.locator('img').first().boundingBox();
      const overlay = await figure.locator('canvas').first().boundingBox();
      expect(image && overlay, `both boxes of ${figureTestId} at ${size.width}×${size.height}`).toBeTruthy();
      for (const key of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(image![key] - overlay![key]), `${key} at ${size.width}×${size.height}`).toBeLessThanOrEqual(1);
    }).toPass();
  }
}

/** The view fits the window's width at this size: nothing makes the page or its main area scroll sideways. */
export async function expectNoSidewaysScroll(page: Page, size: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(size);
  await expect(async () => {
    const overflow = await page.evaluate(() =>
      [document.scrollingElement, ...document.querySelectorAll('main, .view, section')]
        .filter((e): e is Element => e !== null)
        .filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'hidden')
        .map((e) => {
          // The element sticking out furthest names the culprit.
          const right = e.getBoundingClientRect().right;
          let widest: Element | null = null;
          for (const d of e.querySelectorAll('*')) if (d.getBoundingClientRect().right > right + 1 && (!widest || d.getBoundingClientRect().right > widest.getBoundingClientRect().right)) widest = d;
          const culprit = widest ? ` (widest: ${widest.tagName.toLowerCase()}.${String(widest.className)} ${Math.round(widest.getBoundingClientRect().width)} px)` : '';
          return `${e.tagName.toLowerCase()}.${e.className}: ${e.scrollWidth} > ${e.clientWidth}${culprit}`;
        }),
    );
    expect(overflow, `sideways scroll at ${size.width}×${size.height}`).toEqual([]);
  }).toPass();
}
