import { join } from 'node:path';
import { evaluateModels } from '../../electron/core/evaluation/evaluateModels.js';
import { createProjectDb } from '../../electron/core/store/openProjectDb.js';
import { seedClasses, seedImage, seedModel, seedPrediction } from '../helpers/seedPredictions.js';
import { expect, test } from './serverFixture.js';
import { openProject } from './steps.js';

const map = (...v: number[]) => Uint8Array.from(v);

/**
 * A closed project with T0 of two images: "good" predicts them perfectly, "poor" and good's
 * fine-tuned version "good-ft1" less well (all three evaluated), and "good-ft2" was fine-tuned
 * after the last evaluation, so it has no score yet.
 */
async function seedLeaderboardProject(dir: string): Promise<void> {
  const project = createProjectDb(dir, 'Leaderboard');
  const { db } = project;
  seedClasses(db, ['background', 'road']);
  const good = seedModel(db, 'good');
  const poor = seedModel(db, 'poor');
  const ft1 = seedModel(db, 'good-ft1', true);
  db.prepare('UPDATE models SET parent_id = ? WHERE id = ?').run(good, ft1);
  for (const hash of ['a', 'b']) {
    const image = seedImage(db, { hash, split: 'test', width: 4, height: 1, mask: map(0, 0, 1, 1) });
    seedPrediction(db, image, good, map(0, 0, 1, 1), 2);
    seedPrediction(db, image, poor, map(1, 1, 1, 1), 2);
    seedPrediction(db, image, ft1, map(0, 1, 1, 1), 2);
  }
  await evaluateModels(db);
  const ft2 = seedModel(db, 'good-ft2');
  db.prepare('UPDATE models SET parent_id = ? WHERE id = ?').run(ft1, ft2);
  project.close();
}

test('the leaderboard ranks only evaluated models, says "not evaluated" for the others, and flags a version worse on T0 than its parent', async ({ page, served }) => {
  const dir = join(served.temp, 'leaderboard-project');
  await seedLeaderboardProject(dir);
  await page.goto(served.url);
  await openProject(page, dir, 'Leaderboard');
  await page.getByTestId('nav-rounds').click();

  const table = page.getByTestId('leaderboard-table');
  const row = (name: string) => table.getByRole('row', { name: new RegExp(`^${name} 1`) });
  await expect(row('good').getByTestId('global-rank')).toHaveText('1');
  await expect(row('good-ft1').getByTestId('global-rank')).toHaveText('2');
  await expect(row('poor').getByTestId('global-rank')).toHaveText('3');
  await expect(row('good-ft2').getByTestId('global-rank')).toHaveText('not evaluated');
  await expect(row('good-ft2')).toContainText('not evaluated');
  await expect(row('good-ft2')).not.toContainText(/\d\.\d{3}/);
  await expect(page.getByTestId('not-evaluated-note')).toContainText('Not evaluated yet: good-ft2 1');

  await expect(row('good-ft1').getByTestId('regression')).toHaveText('worse than good 1 on T0 (0.583 vs 1.000)');
  await expect(table.getByTestId('regression')).toHaveCount(1);

  await expect(page.getByTestId('dense-cost-note')).toContainText('135 s per image, the published study’s figure, until 10 images are labelled from scratch here (0 so far)');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: '/tmp/truth-leaderboard.png', fullPage: true });
});
