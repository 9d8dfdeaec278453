import { join } from 'node:path';
import { createClient } from '../../shared/client/createClient.js';
import { openProjectDb } from '../../electron/core/store/openProjectDb.js';
import { ratingQueue } from '../../electron/core/rating/ratingStore.js';
import { seedRatingProject } from '../helpers/seedRatingProject.js';
import { connectWsTransport } from '../helpers/wsClientTransport.js';
import { expect, test } from './serverFixture.js';
import { expectOverlayAligned, openProject, startRating } from './steps.js';

test('rates a queue by keyboard with undo and resume, and confirms S by the MOS rule', async ({ page, served }) => {
  const dir = join(served.temp, 'rating-project');
  const { size } = await seedRatingProject(dir);
  await page.goto(served.url);
  await openProject(page, dir, 'Mining demo');

  await page.keyboard.press('Alt+4');
  await startRating(page);
  const position = page.getByTestId('rating-position');
  await expect(position).toHaveText(`Image 1 of ${size}`);
  await expect(page.getByTestId('rating-why')).toContainText('disagree');
  await expect(page.getByTestId('rating-target-overlay')).toBeVisible();
  await expectOverlayAligned(page, 'rating-target', [
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ]);
  await expectOverlayAligned(page, 'rating-rival', [
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ]);
  await page.setViewportSize({ width: 1280, height: 720 });
  // Z and the wheel magnify both images alike, overlays with them; the next image starts whole.
  const stacks = page.locator('.model-pair .stack');
  await page.keyboard.press('z');
  await expect(stacks.first()).toHaveAttribute('data-zoom', '2');
  await expect(stacks.last()).toHaveAttribute('data-zoom', '2');
  await expectOverlayAligned(page, 'rating-target', [{ width: 1280, height: 720 }]);
  const box = (await stacks.first().boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.25);
  await page.mouse.wheel(0, -100);
  await expect(stacks.last()).toHaveAttribute('data-zoom', '2.5');
  await expect(page.getByTestId('rating-zoom')).toContainText('Zoom 2.5×');
  await page.screenshot({ path: '/tmp/faultline-rating-zoom.png' });

  await page.keyboard.press('2');
  await expect(position).toHaveText(`Image 2 of ${size}`);
  await expect(stacks.first()).toHaveAttribute('data-zoom', '1');
  await page.keyboard.press('4');
  await expect(position).toHaveText(`Image 3 of ${size}`);
  await page.keyboard.press('o');
  await expect(position).toHaveText(`Image 4 of ${size}`);
  await page.keyboard.press('Backspace');
  await expect(position).toHaveText(`Image 3 of ${size}`);
  await expect(page.getByTestId('rating-mine')).toHaveText('Not rated by you');
  await page.keyboard.press('1');
  await expect(page.getByTestId('rating-progress')).toHaveText(`Ada: 3 / ${size} rated`);

  const { origin, searchParams } = new URL(served.url);
  const ws = await connectWsTransport(origin, searchParams.get('token')!);
  const queue = await createClient(ws).call('rating.queue', { rater: 'Ada' });
  ws.close();
  expect(queue.items.slice(0, 4).map((i) => i.myScore)).toEqual([2, 4, 1, null]);

  await page.reload();
  await expect(position).toHaveText(`Image 4 of ${size}`);

  await page.getByTestId('rating-results-tab').click();
  const table = page.getByTestId('mos-table');
  await expect(table.locator('tbody tr')).toHaveCount(3);
  // Three of five rated: more than half, so no warning about S resting on too few ratings.
  await expect(page.getByTestId('coverage-warning')).toHaveCount(0);
  await expect(page.getByTestId('agreement')).toHaveText('Agreement (Krippendorff’s α, ordinal): not enough overlap yet (0 images rated by two or more raters)');

  // The image rated 4 says the prediction was good: it stays out of S unless the user insists.
  await page.getByLabel('Counterexamples to keep (n4)').fill('3');
  await expect(table.locator('tbody tr').nth(2)).toContainText('4.00');
  await expect(table.locator('tbody tr').nth(2)).toContainText('rated good');
  await expect(table.locator('tr.selected-row')).toHaveCount(2);
  const insist = page.getByTestId('rated-good').getByRole('checkbox');
  await expect(page.getByTestId('rated-good')).toContainText('1 image is rated good (MOS 4 or more) and left out of S');
  await insist.check();
  await expect(table.locator('tr.selected-row')).toHaveCount(3);
  await insist.uncheck();

  await page.getByLabel('Counterexamples to keep (n4)').fill('2');
  await expect(table.locator('tbody tr').nth(0)).toContainText('1.00');
  await expect(table.locator('tbody tr').nth(1)).toContainText('2.00');
  await expect(table.locator('tr.selected-row')).toHaveCount(2);
  await expect(page.getByTestId('confirm-s')).toHaveText('Confirm S (2) and send to labelling');
  await page.screenshot({ path: '/tmp/truth-confirm-s.png', fullPage: true });
  await page.getByTestId('confirm-s').click();
  await expect(page.getByTestId('confirmed')).toHaveText('S1: 2 images sent to labelling (pick S1 in the Editor’s set list).');
});

/** A slice check of three of the round's candidates, stored as fetching fresh pool images for slice 2 of run 4 stores one. */
function addSliceCheck(dir: string, roundSetId: number): number {
  const project = openProjectDb(dir);
  try {
    const { db } = project;
    const images = ratingQueue(db, roundSetId, null).slice(0, 3).map((q) => q.imageId);
    const roundId = db.prepare('SELECT round_id FROM candidate_sets WHERE id = ?').pluck().get(roundSetId) as number;
    const params = JSON.stringify({ targetId: 1, competitorIds: [], sliceRunId: 4, sliceIndex: 1 });
    const setId = Number(db.prepare("INSERT INTO candidate_sets (round_id, strategy, params, created_at) VALUES (?, 'slice', ?, ?)").run(roundId, params, new Date().toISOString()).lastInsertRowid);
    const insert = db.prepare('INSERT INTO candidates (set_id, image_id, rank, reasons) VALUES (?, ?, ?, ?)');
    images.forEach((imageId, k) => insert.run(setId, imageId, k + 1, JSON.stringify({ imageIds: [imageId], reasons: [] })));
    return setId;
  } finally {
    project.close();
  }
}

test('picks a slice check in the Set picker: queue, progress and results follow it, and S stays with the round’s set', async ({ page, served }) => {
  const dir = join(served.temp, 'rating-sets-project');
  const { size, setId: roundSetId } = await seedRatingProject(dir);
  const sliceSetId = addSliceCheck(dir, roundSetId);
  await page.goto(served.url);
  await openProject(page, dir, 'Mining demo');

  await page.keyboard.press('Alt+4');
  await startRating(page);
  const picker = page.getByLabel('Set', { exact: true });
  const position = page.getByTestId('rating-position');
  await expect(picker).toHaveValue(String(roundSetId));
  await expect(picker.locator('option')).toHaveText([
    `Round 1 — MAD candidates · ${size} images · 0 rated by you · 0 by anyone`,
    'Slice check: run 4, slice 2 · 3 images · 0 rated by you · 0 by anyone',
  ]);
  await expect(position).toHaveText(`Image 1 of ${size}`);

  await picker.selectOption(String(sliceSetId));
  await expect(position).toHaveText('Image 1 of 3');
  await expect(page.getByTestId('rating-slice-note')).toBeVisible();
  await expect(page.getByTestId('rating-why')).toHaveText('');
  await page.keyboard.press('2');
  await expect(page.getByTestId('rating-progress')).toHaveText('Ada: 1 / 3 rated');

  // The choice holds for the session, through a reload.
  await page.reload();
  await expect(picker).toHaveValue(String(sliceSetId));
  await expect(position).toHaveText('Image 2 of 3');
  await expect(picker.locator('option:checked')).toHaveText('Slice check: run 4, slice 2 · 3 images · 1 rated by you · 1 by anyone');

  await page.getByTestId('rating-results-tab').click();
  await expect(page.getByTestId('mos-table').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('confirm-s')).toHaveCount(0);
  await expect(page.getByTestId('confirm-s-note')).toContainText('S is confirmed on the round’s rating set');

  await picker.selectOption(String(roundSetId));
  await expect(page.getByTestId('mos-table').locator('tbody tr')).toHaveCount(0);
  await expect(page.getByTestId('confirm-s')).toBeVisible();
  await expect(page.getByTestId('coverage-warning')).toHaveText(`Only 0 of ${size} candidates are rated (0%): S would come from the few rated so far. Rate ${Math.ceil(size / 2)} more (half of the set, 50%) before confirming.`);
  await page.screenshot({ path: '/tmp/truth-confirm-s-warning.png' });
  await page.getByRole('button', { name: 'Queue' }).click();
  await expect(position).toHaveText(`Image 1 of ${size}`);
  await expect(page.getByTestId('rating-progress')).toHaveText(`Ada: 0 / ${size} rated`);
});
