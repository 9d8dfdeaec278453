import { join } from 'node:path';
import { seedErrorsProject } from '../helpers/seedErrorsProject.js';
import { expect, test } from './serverFixture.js';

test('classifies errors, charts them per model, pages a kind and opens an image with both masks', async ({ page, served }) => {
  const dir = join(served.temp, 'errors-project');
  await seedErrorsProject(dir, 6);
  await page.goto(served.url);
  const openForm = page.getByTestId('open-form');
  await openForm.getByLabel('Project folder').fill(dir);
  await openForm.getByRole('button', { name: 'Open project' }).click();
  await expect(page.getByTestId('project-name')).toHaveText('Errors demo');

  await page.keyboard.press('Alt+8');
  await expect(page.getByTestId('view-errors')).toBeVisible();
  await expect(page.getByTestId('nav-errors')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('errors-empty')).toBeVisible();
  await page.getByLabel('Set to classify').selectOption('T0');
  await page.getByTestId('errors-run').click();
  await expect(page.getByTestId('job-progress')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('errors-chart').locator('canvas')).toBeVisible();

  // The newest run is the fine-tuned model's: against its parent it fixed the truck confusions and cut the person's top row.
  await expect(page.getByTestId('run-select')).toHaveValue('2:T0');
  const comparison = page.getByTestId('comparison-table');
  await expect(comparison.locator('tr[data-category="fine_grained"] td').nth(3)).toHaveText('3');
  await expect(comparison.locator('tr[data-category="boundary_under"] td').nth(4)).toHaveText('6');
  await expect(page.getByTestId('run-note')).toContainText('could not fire');

  await page.getByTestId('run-select').selectOption('1:T0');
  await page.getByTestId('category-select').selectOption('fine_grained');
  const tiles = page.getByTestId('error-tile');
  await expect(tiles).toHaveCount(3);
  await expect(tiles.first().locator('rect[data-category="fine_grained"]')).toHaveCount(1);

  await page.getByTestId('category-select').selectOption('hallucination_other');
  await expect(tiles).toHaveCount(6);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  const detail = page.getByTestId('error-detail');
  await expect(detail).toBeVisible();
  await expect(page.getByTestId('error-reference-mask')).toHaveAttribute('data-painted', 'yes');
  await expect(page.getByTestId('error-prediction-mask')).toHaveAttribute('data-painted', 'yes');
  await expect(page.getByTestId('error-regions').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('error-regions')).toContainText('Missed object');
  await expect(page.getByTestId('error-regions')).toContainText('Hallucination');

  await page.keyboard.press('Escape');
  await expect(detail).toBeHidden();
  await tiles.first().dblclick();
  await page.getByTestId('open-in-editor').click();
  await expect(page.getByTestId('view-editor')).toBeVisible();
});
