import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { expect, test } from './serverFixture.js';
import { DEMO_BUILD_MS, openDemo } from './steps.js';

test('creates a project from the start screen and moves through the workflow views', async ({ page, served }) => {
  await page.goto(served.url);
  await expect(page.getByTestId('start-view')).toBeVisible();
  await expect(page.getByTestId('recent-projects')).toContainText('No recent projects');

  // Help on the start screen: how to begin (demo, open, create) and where the README's walk-through starts.
  await page.keyboard.press('?');
  const help = page.getByTestId('help-start');
  await expect(help).toContainText('Open demo project');
  await expect(help).toContainText('New project');
  await expect(help).toContainText('Open project');
  await expect(help).toContainText('“The workflow, on the demo project”');
  await expect(page.getByTestId('help-steps').locator('li')).toHaveCount(9);
  await page.screenshot({ path: '/tmp/faultline-start-help.png' });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('key-map')).toBeHidden();
  await page.getByTestId('open-help').click();
  await expect(help).toBeVisible();
  await page.keyboard.press('F1');
  await expect(page.getByTestId('key-map')).toBeHidden();
  // F1 works from a text field too; `?` there is just typed.
  await page.getByLabel('Project folder').first().focus();
  await page.keyboard.press('F1');
  await expect(help).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('key-map')).toBeHidden();

  await page.getByLabel('Project folder').first().fill(join(served.temp, 'street'));
  await page.getByLabel('Name (optional)').fill('Street study');
  await page.getByRole('button', { name: 'Create project' }).click();

  await expect(page.getByTestId('project-name')).toHaveText('Street study');
  await expect(page.getByTestId('transport')).toContainText('Browser');
  await expect(page.getByTestId('pool-empty')).toBeVisible();
  await expect(page.getByTestId('stat-images')).toHaveText('0');

  await page.getByTestId('nav-models').click();
  await expect(page.getByTestId('models-empty')).toBeVisible();

  await page.keyboard.press('Alt+7');
  await expect(page.getByTestId('rounds-view')).toBeVisible();
  await expect(page.getByTestId('leaderboard-empty')).toBeVisible();
  await page.keyboard.press('Alt+6');
  await expect(page.getByTestId('quality-view')).toBeVisible();
  await expect(page.getByTestId('quality-no-runs')).toBeVisible();

  await page.keyboard.press('?');
  await expect(page.getByTestId('key-map')).toContainText('Go to Mining');
  // The view on screen adds its own keys.
  await expect(page.getByTestId('key-map').getByRole('heading', { name: 'Quality' })).toBeVisible();
  await expect(page.getByTestId('key-map')).toContainText('Rescore the image');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('key-map')).toBeHidden();
  await page.keyboard.press('Alt+9');
  await page.keyboard.press('?');
  await expect(page.getByTestId('key-map')).toContainText('Next / previous slice');
  await expect(page.getByTestId('key-map')).not.toContainText('Rescore the image');
  // The help also says what the view is for and where it sits in the workflow.
  await expect(page.getByTestId('help-view')).toContainText('Find coherent groups of failures');
  await expect(page.getByTestId('help-steps').locator('li')).toHaveCount(9);
  await expect(page.getByTestId('help-steps').locator('li[aria-current="step"]')).toContainText('Slices');
  await page.screenshot({ path: '/tmp/faultline-help.png' });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('key-map')).toBeHidden();
  // F1 opens it too, even from a text field; a step's name goes to its view.
  await page.keyboard.press('Alt+1');
  await page.getByTestId('grid-search').or(page.getByLabel('Image folder').first()).first().focus();
  await page.keyboard.press('F1');
  await expect(page.getByTestId('help-view')).toContainText('Import the images');
  await page.getByTestId('help-steps').getByRole('button', { name: 'Mining' }).click();
  await expect(page.getByTestId('key-map')).toBeHidden();
  await expect(page.getByTestId('nav-mining')).toHaveAttribute('aria-current', 'page');

  await page.getByTestId('close-project').click();
  await expect(page.getByTestId('start-view')).toBeVisible();
  await expect(page.getByTestId('recent-projects')).toContainText('Street study');

  await page.getByRole('button', { name: 'Street study', exact: true }).click();
  await expect(page.getByTestId('project-name')).toHaveText('Street study');
});

test('shows a clear error for a folder that is not a project and stays usable', async ({ page, served }) => {
  test.setTimeout(DEMO_BUILD_MS + 60_000);
  writeFileSync(join(served.temp, 'project.faultline'), 'not a database at all, just text');
  await page.goto(served.url);
  const openForm = page.getByTestId('open-form');
  await openForm.getByLabel('Project folder').fill(served.temp);
  await openForm.getByRole('button', { name: 'Open project' }).click();
  await expect(page.getByTestId('error-banner')).toContainText('not an SQLite file');

  await openForm.getByLabel('Project folder').fill(join(served.temp, 'missing'));
  await openForm.getByRole('button', { name: 'Open project' }).click();
  await expect(page.getByTestId('error-banner')).toContainText('There is no folder');

  await openDemo(page);
});

test('a page without the token cannot reach the core', async ({ page, served }) => {
  const url = new URL(served.url);
  await page.goto(`${url.origin}/`);
  await expect(page.getByRole('alert')).toContainText('including ?token=');
});

