import { join } from 'node:path';
import { seedFinetuneProject } from '../helpers/seedFinetuneProject.js';
import { expect, test } from './serverFixture.js';
import { openProject } from './steps.js';

test("fine-tunes the target's head in the Rounds view and lists the new version as the target", async ({ page, served }) => {
  const dir = join(served.temp, 'night');
  const world = await seedFinetuneProject(dir, { train: 4, hard: 3 });
  world.project.close();

  await page.goto(served.url);
  await openProject(page, dir, 'Fine-tune');

  await page.getByTestId('nav-rounds').click();
  const panel = page.getByTestId('finetune-panel');
  await expect(panel).toContainText('Target context-pyramid 1.0.0');
  await expect(panel).toContainText('S0: 4 images and counterexamples S: 3 images');
  await panel.getByLabel('Iterations').fill('60');
  await panel.getByTestId('finetune-run').click();

  const result = panel.getByTestId('finetune-result');
  await expect(result).toContainText('context-pyramid 1.0.0+ft1 (from 1.0.0) is the target now');
  await expect(result).toContainText('60 iterations');
  await expect(result.getByRole('row', { name: /Counterexamples S/ })).toBeVisible();
  await expect(panel).toContainText('Target context-pyramid 1.0.0+ft1');

  await page.getByTestId('nav-models').click();
  await expect(page.getByTestId('model-row-2')).toContainText('1.0.0+ft1');
  await expect(page.getByTestId('model-row-2')).toContainText('target');
  await expect(page.getByTestId('model-row-1')).toContainText('competitor');
});
