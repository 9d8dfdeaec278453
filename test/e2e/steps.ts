import type { Page } from '@playwright/test';
import { expect } from './serverFixture.js';

/** Opens a project from the start screen by typing its folder, and waits for its name in the top bar. */
export async function openProject(page: Page, dir: string, name: string): Promise<void> {
  const openForm = page.getByTestId('open-form');
  await openForm.getByLabel('Project folder').fill(dir);
  await openForm.getByRole('button', { name: 'Open project' }).click();
  await expect(page.getByTestId('project-name')).toHaveText(name);
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
export async function expectOverlayAligned(page: Page, figureTestId: string, sizes: ReadonlyArray<{ width: number; height: number }>): Promise<void> {
  const figure = page.getByTestId(figureTestId);
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
