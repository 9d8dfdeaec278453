import Database from 'better-sqlite3';
import { join } from 'node:path';
import { projectDbPath } from '../../electron/core/store/projectFiles.js';
import { seedMiningProject } from '../helpers/seedMiningProject.js';
import { expect, test } from './serverFixture.js';
import { expectOverlayAligned, openProject } from './steps.js';

test('mines a project from the Mining view, shows why each image was picked, and sends the set to rating', async ({ page, served }) => {
  const dir = join(served.temp, 'mining-project');
  await seedMiningProject(dir);
  await page.goto(served.url);
  await openProject(page, dir, 'Mining demo');

  await page.keyboard.press('Alt+3');
  await expect(page.getByTestId('mining-settings')).toBeVisible();
  await expect(page.getByLabel('Target model')).toHaveValue(/\d+/);
  await expect(page.getByTestId('bounds-table')).toContainText('car');
  await page.getByLabel('Images per class and direction (n3)').fill('3');
  await page.getByTestId('mining-run').click();

  await expect(page.getByTestId('job-progress')).toHaveAttribute('data-state', 'done');
  // A finished job's bar is full and still, not the running animation.
  await expect(page.getByTestId('job-progress').getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await expect(page.getByTestId('job-progress').locator('.fill.indeterminate')).toHaveCount(0);
  await expect(page.getByTestId('candidate-grid').locator('.tile').first()).toBeVisible();
  await expect(page.getByTestId('candidate-detail')).toContainText('d = ');
  await expect(page.getByTestId('mining-target-overlay')).toBeVisible();
  await expect(page.getByTestId('mining-rival-overlay')).toBeVisible();
  await expectOverlayAligned(page, 'mining-target', [
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
    { width: 2560, height: 1440 },
  ]);
  // On a wide window the chosen candidate sits beside the grid, not below a page of tiles.
  await page.setViewportSize({ width: 1920, height: 1080 });
  const gridTop = (await page.getByTestId('candidate-grid').boundingBox())!.y;
  const detailTop = (await page.getByTestId('candidate-detail').boundingBox())!.y;
  expect(Math.abs(detailTop - gridTop)).toBeLessThan(40);
  await page.screenshot({ path: test.info().outputPath('mining-1920.png'), fullPage: false });
  await expect(page.getByTestId('histogram').first()).toContainText('target 1 vs rival 1');
  // The count axis starts at 0 and ends at the tallest bar's count.
  const counts = await page.getByTestId('histogram').first().locator('rect title').allTextContents();
  const tallest = Math.max(...counts.map((t) => Number(/: (\d+) images$/.exec(t)![1])));
  await expect(page.getByTestId('histogram-y-axis').first().locator('text').first()).toHaveText('0');
  await expect(page.getByTestId('histogram-y-axis').first().locator('text').last()).toHaveText(String(tallest));
  await expect(page.getByTestId('class-counts')).toContainText('car');

  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('candidate-detail')).toContainText('#2');

  await page.keyboard.press('r');
  await expect(page.getByTestId('send-to-rating')).toHaveText('In the rating queue');

  await page.getByLabel('Strategy').selectOption('entropy');
  await page.getByTestId('mining-run').click();
  await expect(page.getByTestId('set-select')).toContainText('entropy');

  // The parameters outlive a visit to another view.
  await page.keyboard.press('Alt+1');
  await page.keyboard.press('Alt+3');
  await expect(page.getByLabel('Strategy')).toHaveValue('entropy');
  await page.getByLabel('Strategy').selectOption('mad');
  await expect(page.getByLabel('Images per class and direction (n3)')).toHaveValue('3');
});

test('mines a pool without labelled training masks by the pool’s own typical areas, and says so', async ({ page, served }) => {
  const dir = join(served.temp, 'mining-no-s0');
  await seedMiningProject(dir);
  const db = new Database(projectDbPath(dir));
  db.prepare('DELETE FROM ground_truth').run();
  db.close();
  await page.goto(served.url);
  await openProject(page, dir, 'Mining demo');

  await page.keyboard.press('Alt+3');
  await expect(page.getByTestId('bounds-from-pool')).toContainText('typical areas come from the target’s predictions over the pool');
  await expect(page.getByTestId('bounds-table')).toContainText('Pool');
  await expect(page.getByLabel('Background (left out of the class subgroups)')).toHaveValue('0');
  await expect(page.getByLabel('Ignore classes under (% of the image, in both maps)')).toHaveValue('0.1');
  await page.getByLabel('Images per class and direction (n3)').fill('3');
  await page.getByTestId('mining-run').click();
  await expect(page.getByTestId('job-progress')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('candidate-detail')).toContainText('d = ');
  await page.screenshot({ path: test.info().outputPath('mining-no-s0.png'), fullPage: true });
});
