import { join } from 'node:path';
import { createClient } from '../../shared/client/createClient.js';
import { seedRatingProject } from '../helpers/seedRatingProject.js';
import { connectWsTransport } from '../helpers/wsClientTransport.js';
import { expect, test } from './serverFixture.js';

test('rates a queue by keyboard with undo and resume, and confirms S by the MOS rule', async ({ page, served }) => {
  const dir = join(served.temp, 'rating-project');
  const { size } = await seedRatingProject(dir);
  await page.goto(served.url);
  const openForm = page.getByTestId('open-form');
  await openForm.getByLabel('Project folder').fill(dir);
  await openForm.getByRole('button', { name: 'Open project' }).click();
  await expect(page.getByTestId('project-name')).toHaveText('Mining demo');

  await page.keyboard.press('Alt+4');
  await page.getByLabel('Your name').fill('Ada');
  await page.getByRole('button', { name: 'Start rating' }).click();
  const position = page.getByTestId('rating-position');
  await expect(position).toHaveText(`Image 1 of ${size}`);
  await expect(page.getByTestId('rating-why')).toContainText('disagree');
  await expect(page.getByTestId('rating-target-overlay')).toBeVisible();

  await page.keyboard.press('2');
  await expect(position).toHaveText(`Image 2 of ${size}`);
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
  await page.getByLabel('Counterexamples to keep (n4)').fill('2');
  const table = page.getByTestId('mos-table');
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await expect(table.locator('tbody tr').nth(0)).toContainText('1.00');
  await expect(table.locator('tbody tr').nth(1)).toContainText('2.00');
  await expect(table.locator('tr.selected-row')).toHaveCount(2);
  await page.getByTestId('confirm-s').click();
  await expect(page.getByTestId('confirmed')).toHaveText('S1: 2 images sent to labelling (pick S1 in the Editor’s set list).');
});
