import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, test } from './serverFixture.js';
import { createProject } from './steps.js';

/** 62 small distinct images in nested folders (one page of 60 and a bit), and two bad files. */
async function writeImageFolder(root: string): Promise<void> {
  for (let i = 0; i < 62; i++) {
    const dir = join(root, `set${i % 3}`, i % 2 ? 'night' : 'day');
    mkdirSync(dir, { recursive: true });
    const image = sharp({ create: { width: 32, height: 24, channels: 3, background: { r: (i * 37) % 256, g: (i * 91) % 256, b: i } } });
    writeFileSync(join(dir, `frame${i}.${i % 2 ? 'png' : 'jpg'}`), await (i % 2 ? image.png() : image.jpeg()).toBuffer());
  }
  writeFileSync(join(root, 'empty.jpg'), '');
  writeFileSync(join(root, 'notes.png'), 'these are notes, not a picture');
}

test('imports a folder from the Pool view: progress, thumbnails, paging and the failures with reasons', async ({ page, served }) => {
  const folder = join(served.temp, 'camera-roll');
  await writeImageFolder(folder);

  await page.goto(served.url);
  await createProject(page, join(served.temp, 'pool-project'));

  const form = page.getByTestId('import-form');
  await form.getByLabel('Image folder').fill(folder);
  await form.getByLabel('Split').selectOption('pool');
  await form.getByRole('button', { name: 'Import' }).click();

  await expect(page.getByTestId('import-result')).toHaveText('Import finished: 62 imported · 0 skipped as duplicates · 2 failed.', { timeout: 30_000 });
  await expect(page.getByTestId('import-progress')).toBeHidden();
  await expect(page.getByTestId('stat-images')).toHaveText('62');

  const grid = page.getByTestId('thumb-grid');
  await expect(grid.locator('img')).toHaveCount(60);
  await expect(grid.locator('img').first()).toHaveAttribute('src', /^data:image\/webp;base64,/);
  expect(await grid.locator('img').first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(32);
  await expect(page.getByTestId('grid-page')).toHaveText('Page 1 of 2');
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('grid-page')).toHaveText('Page 2 of 2');
  await expect(grid.locator('img')).toHaveCount(2);
  await page.keyboard.press('PageUp');
  await expect(grid.locator('img')).toHaveCount(60);

  const failures = page.getByTestId('import-failures');
  await expect(failures.getByTestId('failure-row')).toHaveCount(2);
  await expect(failures.getByRole('row', { name: /empty\.jpg/ })).toContainText('The file is empty (0 bytes).');
  await expect(failures.getByRole('row', { name: /notes\.png/ })).toContainText('Not an image: the content is not JPEG, PNG, WebP, TIFF, BMP or GIF');

  // Importing the same folder again adds nothing.
  await form.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('import-result')).toHaveText('Import finished: 0 imported · 62 skipped as duplicates · 2 failed.', { timeout: 30_000 });
  await expect(failures.getByTestId('failure-row')).toHaveCount(2);

  // Search by file name (any case), then sort: both page by keyset, forward and back.
  const names = () => grid.locator('.thumb-name').allTextContents();
  await page.getByTestId('grid-search').fill('FRAME6');
  await expect.poll(async () => (await names()).sort()).toEqual(['frame6.jpg', 'frame60.jpg', 'frame61.png']);
  await page.getByTestId('grid-search').fill('nothing-like-this');
  await expect(page.getByTestId('grid-empty')).toHaveText('No images whose name contains “nothing-like-this”.');
  await page.getByTestId('grid-search').fill('');
  await page.getByTestId('grid-order').selectOption('name');
  // By the whole imported path: set0/day/frame0.jpg, set0/day/frame12.jpg, …
  await expect.poll(async () => (await names()).slice(0, 3)).toEqual(['frame0.jpg', 'frame12.jpg', 'frame18.jpg']);
  await expect(page.getByTestId('grid-page')).toHaveText('Page 1');
  await page.getByRole('button', { name: 'Next →' }).click();
  await expect(page.getByTestId('grid-page')).toHaveText('Page 2 (last)');
  await expect.poll(names).toEqual(['frame53.png', 'frame59.png']);
  await page.getByRole('button', { name: '← Previous' }).click();
  await expect.poll(async () => (await names())[0]).toBe('frame0.jpg');
  // PgDn / PgUp page the grid from the search box too (a one-line field has nothing to page), which keeps the focus.
  await page.getByTestId('grid-search').focus();
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('grid-page')).toHaveText('Page 2 (last)');
  await page.keyboard.press('PageUp');
  await expect(page.getByTestId('grid-page')).toHaveText('Page 1');
  await expect(page.getByTestId('grid-search')).toBeFocused();
  await page.getByTestId('grid-order').selectOption('newest');
  await expect(grid.locator('button.thumb-open').first()).toHaveAttribute('data-testid', 'thumb-62');
  await page.getByTestId('grid-search').fill('night');
  await expect(grid.locator('img')).toHaveCount(31);
  await page.screenshot({ path: '/tmp/faultline-pool-search.png' });
  await page.getByTestId('grid-search').fill('');
  await page.getByTestId('grid-order').selectOption('oldest');
  await expect(page.getByTestId('grid-page')).toHaveText('Page 1 of 2');

  // A thumbnail opens its image in the mask editor (after the annotator's name, asked once).
  const first = grid.locator('button.thumb-open').first();
  const imageId = (await first.getAttribute('data-testid'))!.replace('thumb-', '');
  await first.click();
  await page.getByLabel('Your name').fill('Ada');
  await page.getByRole('button', { name: 'Start labelling' }).click();
  await expect(page.getByTestId('mask-workspace')).toHaveAttribute('data-image-id', imageId);
});

test('answers a folder that does not exist with a clear error', async ({ page, served }) => {
  await page.goto(served.url);
  await page.getByLabel('Project folder').first().fill(join(served.temp, 'p2'));
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByTestId('import-form').getByLabel('Image folder').fill(join(served.temp, 'no-such-folder'));
  await page.getByTestId('import-form').getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('error-banner')).toContainText(`There is no image folder ${join(served.temp, 'no-such-folder')}.`);
  // The error belongs to the Pool view: it does not follow the user to another view.
  await page.keyboard.press('Alt+2');
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
});
