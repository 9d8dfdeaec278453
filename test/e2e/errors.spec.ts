import { join } from 'node:path';
import { seedErrorsProject } from '../helpers/seedErrorsProject.js';
import { expect, test } from './serverFixture.js';
import { DEMO_BUILD_MS, expectOverlayAligned, openDemo, openProject } from './steps.js';

test('classifies errors, charts them per model, pages a kind and opens an image with both masks', async ({ page, served }) => {
  const dir = join(served.temp, 'errors-project');
  await seedErrorsProject(dir, 6);
  await page.goto(served.url);
  await openProject(page, dir, 'Errors demo');

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
  await expectOverlayAligned(page, 'error-reference', [
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ]);
  await expectOverlayAligned(page, 'error-prediction', [
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ]);
  await expect(page.getByTestId('error-regions').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('error-regions')).toContainText('Missed object');
  await expect(page.getByTestId('error-regions')).toContainText('Hallucination');

  await page.keyboard.press('Escape');
  await expect(detail).toBeHidden();
  await tiles.first().dblclick();
  await page.getByTestId('open-in-editor').click();
  await expect(page.getByTestId('view-editor')).toBeVisible();
});

test('edits the hierarchy and thresholds in the structured editor, refuses a bad number and keeps the change over a reload', async ({ page, served }) => {
  test.setTimeout(DEMO_BUILD_MS + 60_000);
  await page.goto(served.url);
  await openDemo(page);
  await page.keyboard.press('Alt+8');
  await page.getByTestId('errors-config-toggle').click();

  const config = page.getByTestId('error-config');
  const save = config.getByTestId('config-save');
  const person = config.getByLabel('Superclass of person');
  const share = config.getByTestId('setting-fineGrainedShare');
  await expect(person).toHaveValue('object');
  await expect(config.getByLabel('road is stuff')).toBeChecked();
  await expect(config.getByLabel('background is background')).toBeChecked();
  await expect(share).toHaveValue('0.5');
  await expect(save).toBeDisabled();

  await person.fill('human');
  await expect(config.getByTestId('config-dirty')).toBeVisible();
  await share.fill('1.5');
  await expect(config.getByTestId('setting-error-fineGrainedShare')).toHaveText('must be at most 1');
  await expect(save).toBeDisabled();
  await share.fill('0.6');
  await expect(config.getByTestId('setting-error-fineGrainedShare')).toBeHidden();
  await expect(save).toBeEnabled();

  // A half-filled alias row is refused beside it until removed.
  await config.getByRole('button', { name: 'Add alias' }).click();
  await config.getByLabel('Alias 1', { exact: true }).selectOption('sidewalk');
  await expect(config.getByTestId('alias-rows-row')).toContainText('choose both classes');
  await expect(save).toBeDisabled();
  await config.getByRole('button', { name: 'Remove alias 1' }).click();
  await expect(save).toBeEnabled();

  // The JSON view shows the same hierarchy.
  await config.getByTestId('config-json-toggle').check();
  await expect(config.getByLabel('Class hierarchy as JSON')).toHaveValue(/"person": "human"/);
  await config.getByTestId('config-json-toggle').uncheck();
  await expect(person).toHaveValue('human');

  // Leaving with unsaved changes asks first; staying keeps them.
  page.once('dialog', (dialog) => void dialog.dismiss());
  await page.getByTestId('nav-slices').click();
  await expect(page.getByTestId('view-errors')).toBeVisible();
  await expect(person).toHaveValue('human');

  await page.keyboard.press('Control+s');
  await expect(config.getByTestId('config-message')).toContainText('Saved');
  await expect(config.getByTestId('config-dirty')).toBeHidden();
  await expect(save).toBeDisabled();

  await page.reload();
  await expect(page.getByTestId('view-errors')).toBeVisible();
  await page.getByTestId('errors-config-toggle').click();
  await expect(person).toHaveValue('human');
  await expect(share).toHaveValue('0.6');
  await expect(config).toContainText('In force: an edited hierarchy, edited thresholds');

  // Restore defaults loads the shipped ones into the editor; Reset goes back to what was saved.
  await config.getByTestId('config-defaults').click();
  await expect(person).toHaveValue('object');
  await expect(share).toHaveValue('0.5');
  await config.getByTestId('config-reset').click();
  await expect(person).toHaveValue('human');
});
