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
