import { expect, test } from './serverFixture.js';
import { DEMO_BUILD_MS, openDemo, startRating } from './steps.js';

test('one whole round in Chromium: mine, rate, label, fine-tune, predict, evaluate, and the leaderboard shows round 1', async ({ page, served }) => {
  test.setTimeout(DEMO_BUILD_MS + 180_000);
  await page.goto(served.url);
  await openDemo(page);

  // Mine the pool with MAD and hand the set to the raters.
  await page.keyboard.press('Alt+3');
  await page.getByLabel('Images per class and direction (n3)').fill('2');
  await page.getByTestId('mining-run').click();
  await expect(page.getByTestId('job-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  // R acts on the set shown, which appears only once the finished run's sets are read back.
  await expect(page.getByTestId('send-to-rating')).toBeEnabled();
  await page.keyboard.press('r');
  await expect(page.getByTestId('send-to-rating')).toHaveText('In the rating queue');

  // Rate four candidates by keyboard and confirm the two worst as S1.
  await page.keyboard.press('Alt+4');
  await startRating(page);
  const position = page.getByTestId('rating-position');
  for (const [i, key] of ['1', '2', '4', '5'].entries()) {
    await expect(position).toContainText(`Image ${i + 1} of`);
    await page.keyboard.press(key);
  }
  await expect(page.getByTestId('rating-progress')).toContainText('Ada: 4 /');
  await page.getByTestId('rating-results-tab').click();
  await page.getByLabel('Counterexamples to keep (n4)').fill('2');
  await page.getByTestId('confirm-s').click();
  await expect(page.getByTestId('confirmed')).toContainText('S1: 2 images sent to labelling');

  // Label S1: start from the target's prediction and submit each mask.
  await page.keyboard.press('Alt+5');
  await page.getByLabel('Your name').fill('Ada');
  await page.getByRole('button', { name: 'Start labelling' }).click();
  await page.getByTestId('label-set').selectOption({ index: 1 });
  await expect(page.getByTestId('label-set')).toContainText('S1 · counterexamples · 0/2 labelled');
  for (let n = 0; n < 2; n++) {
    await page.getByLabel('Which images').selectOption('unlabelled');
    await page.getByRole('button', { name: 'Label', exact: true }).first().click();
    await expect(page.getByTestId('mask-workspace')).toBeVisible();
    await page.getByTestId('submit').click();
    await expect(page.getByTestId('image-queue')).toBeVisible();
  }
  await expect(page.getByTestId('label-set')).toContainText('S1 · counterexamples · 2/2 labelled');

  // Fine-tune the target's tail on S0 ∪ S1, the rate chosen on T0; the new version becomes the target
  // (confirmed up front: 60 iterations on two masks need not help T0).
  await page.keyboard.press('Alt+7');
  const panel = page.getByTestId('finetune-panel');
  await panel.getByLabel('Iterations').fill('60');
  await panel.getByLabel('Register even if worse on T0').check();
  await panel.getByTestId('finetune-run').click();
  await expect(panel.getByTestId('finetune-result')).toContainText('+ft1', { timeout: 120_000 });
  await expect(panel.getByTestId('finetune-validation')).toContainText('learning rate chosen on T0');

  // Predict with the new version, then evaluate every model.
  await page.keyboard.press('Alt+2');
  await page.getByRole('button', { name: 'Run inference' }).click();
  await expect(page.getByTestId('inference-result')).toBeVisible({ timeout: 60_000 });
  await page.keyboard.press('Alt+7');
  await page.getByTestId('evaluate').click();
  const table = page.getByTestId('leaderboard-table');
  await expect(table).toContainText('+ft1', { timeout: 60_000 });
  await expect(table.getByRole('row', { name: /\+ft1/ })).toContainText(/0\.\d{3}/);
  await expect(page.getByTestId('rounds-table').getByRole('row').nth(1)).toContainText('1');
  await expect(page.getByTestId('chart-miou')).toBeVisible();
});
