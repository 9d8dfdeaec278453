import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './serverFixture.js';
import { DEMO_BUILD_MS, expectNoSidewaysScroll, openDemo, startRating } from './steps.js';

/**
 * The visual check: every view at two window sizes, in the dark and the light theme, on an empty
 * project and on the demo. The screenshots are for a person to look at (`npm run visual-check`
 * writes them to screenshots/); the test itself checks what a screenshot would show wrong without
 * a person: a view that does not come up, sideways scroll, an error banner.
 */
const OUT = resolve(process.env.FAULTLINE_SCREENSHOTS ?? 'test-results/visual');
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;
const SCHEMES = ['dark', 'light'] as const;
const VIEWS = [
  { key: '1', name: 'pool', heading: 'Image pool' },
  { key: '2', name: 'models', heading: 'Models' },
  { key: '3', name: 'mining', heading: 'Mining' },
  { key: '4', name: 'rating', heading: 'Rating' },
  { key: '5', name: 'editor', heading: 'Mask editor' },
  { key: '6', name: 'quality', heading: 'Label quality' },
  { key: '7', name: 'rounds', heading: 'Rounds & Leaderboard' },
  { key: '8', name: 'errors', heading: 'Errors' },
  { key: '9', name: 'slices', heading: 'Failure slices' },
] as const;

/** Every image in the window has arrived (lazy ones below the fold are not waited for), so a screenshot shows what a user sees. */
async function imagesOnScreenLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    [...document.images]
      .filter((i) => {
        const box = i.getBoundingClientRect();
        return box.width > 0 && box.bottom > 0 && box.top < innerHeight;
      })
      .every((i) => i.complete),
  );
}

async function shootEveryView(page: Page, project: string): Promise<void> {
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    for (const size of SIZES) {
      for (const view of VIEWS) {
        await page.keyboard.press(`Alt+${view.key}`);
        await expect(page.getByRole('heading', { level: 1, name: view.heading, exact: true })).toBeVisible();
        await expectNoSidewaysScroll(page, size);
        await expect(page.getByTestId('error-banner'), `${project} ${view.name} ${colorScheme}`).toHaveCount(0);
        await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
        await imagesOnScreenLoaded(page);
        await page.screenshot({ path: join(OUT, `${project}-${view.name}-${size.width}x${size.height}-${colorScheme}.png`) });
      }
      await page.keyboard.press('?');
      await expect(page.getByTestId('key-map')).toBeVisible();
      await page.screenshot({ path: join(OUT, `${project}-keymap-${size.width}x${size.height}-${colorScheme}.png`) });
      await page.keyboard.press('?');
      await expect(page.getByTestId('key-map')).toHaveCount(0);
    }
  }
}

test('visual check: every view at 1280×800 and 1920×1080, dark and light, on an empty project and on the demo', async ({ page, served }) => {
  test.setTimeout(DEMO_BUILD_MS + 420_000);
  mkdirSync(OUT, { recursive: true });
  await page.goto(served.url);
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await expect(page.getByTestId('start-view')).toBeVisible();
      await page.screenshot({ path: join(OUT, `start-${size.width}x${size.height}-${colorScheme}.png`) });
      await page.keyboard.press('?');
      await expect(page.getByTestId('help-start')).toBeVisible();
      await page.screenshot({ path: join(OUT, `start-help-${size.width}x${size.height}-${colorScheme}.png`) });
      await page.keyboard.press('?');
      await expect(page.getByTestId('key-map')).toHaveCount(0);
    }
  }

  const create = page.getByTestId('create-form');
  await create.getByLabel('Project folder').fill(join(served.temp, 'empty-project'));
  await create.getByLabel('Name (optional)').fill('Empty');
  await create.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByTestId('project-name')).toHaveText('Empty');
  await shootEveryView(page, 'empty');
  await page.getByRole('button', { name: 'Close project' }).click();

  await openDemo(page);
  // Candidates in the queue and a rater at work, so Mining and Rating show what a user sees mid-round.
  await page.keyboard.press('Alt+3');
  await page.getByLabel('Images per class and direction (n3)').fill('2');
  await page.getByTestId('mining-run').click();
  await expect(page.getByTestId('job-progress')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('send-to-rating')).toBeEnabled();
  await page.keyboard.press('r');
  await expect(page.getByTestId('send-to-rating')).toHaveText('In the rating queue');
  await page.keyboard.press('Alt+4');
  await startRating(page);
  await page.keyboard.press('2');
  await page.keyboard.press('Alt+5');
  await page.getByLabel('Your name').fill('Ada');
  await page.getByRole('button', { name: 'Start labelling' }).click();
  // The image list shows each image small (the demo's images have thumbnails, as imported ones do).
  await expect(page.getByTestId('image-queue').locator('img.mini').first()).toBeVisible();
  await shootEveryView(page, 'demo');
});
