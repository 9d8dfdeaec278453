import { join } from 'node:path';
import { seedFinetuneProject } from '../helpers/seedFinetuneProject.js';
import { expect, test } from './serverFixture.js';
import { openProject } from './steps.js';

test("fine-tunes the target's tail in the Rounds view, shows the learning-rate grid, and lists the new version as the target", async ({ page, served }) => {
  const dir = join(served.temp, 'night');
  const world = await seedFinetuneProject(dir, { train: 4, hard: 3 });
  world.project.close();

  await page.goto(served.url);
  await openProject(page, dir, 'Fine-tune');

  await page.getByTestId('nav-rounds').click();
  const panel = page.getByTestId('finetune-panel');
  await expect(panel).toContainText('Target context-pyramid 1.0.0');
  await expect(panel).toContainText('S0: 4 images and counterexamples S: 3 images');
  await expect(panel).toContainText('trainable tail of 2 pointwise layers');
  await expect(panel.getByLabel('Refit')).toHaveValue('tail');
  await panel.getByLabel('Iterations').fill('60');
  // Four S0 images and no T0: the rate is chosen on one held-out image, where the night fit may cost a little; confirm up front.
  await panel.getByLabel('Register even if worse on T0').check();
  await panel.getByTestId('finetune-run').click();

  const result = panel.getByTestId('finetune-result');
  await expect(result).toContainText('context-pyramid 1.0.0+ft1 (from 1.0.0) is the target now');
  await expect(result).toContainText('60 iterations');
  await expect(result.getByRole('row', { name: /Counterexamples S/ })).toBeVisible();
  await expect(result.getByTestId('finetune-validation')).toContainText('Refitted the tail; learning rate chosen on held-out S0 (1 images');
  const grid = result.getByTestId('finetune-grid');
  await expect(grid.getByRole('row')).toHaveCount(4);
  await expect(grid.getByRole('row', { name: /\(chosen\)/ })).toHaveCount(1);
  await expect(grid).toContainText('0.25');
  await page.screenshot({ path: '/tmp/tail-finetune-panel.png', fullPage: true });
  await expect(panel).toContainText('Target context-pyramid 1.0.0+ft1');

  await page.getByTestId('nav-models').click();
  await expect(page.getByTestId('model-row-2')).toContainText('1.0.0+ft1');
  await expect(page.getByTestId('model-row-2')).toContainText('target');
  await expect(page.getByTestId('model-row-1')).toContainText('competitor');
});
