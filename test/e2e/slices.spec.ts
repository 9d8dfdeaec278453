import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DemoSceneGenerator } from '../../electron/core/slices/demoGenerator.js';
import { startGeneratorService } from '../helpers/generatorService.js';
import { seedSliceWorld } from '../helpers/seedSliceWorld.js';
import { writeTinyCaptioner, writeTinyClip } from '../helpers/tinyTransformersModels.js';
import { expect, test } from './serverFixture.js';
import { expectNoSidewaysScroll, expectOverlayAligned, openProject, startRating } from './steps.js';

test('finds the planted night slice in the Slices view, shows it with its failures, and confirms it on fresh images', async ({ page, served }) => {
  test.setTimeout(120_000);
  const dir = join(served.temp, 'slices-project');
  const world = await seedSliceWorld(dir, { train: 24, plain: 80, night: 60, poolPlain: 30, poolNight: 30 });
  world.project.close();
  await page.goto(served.url);
  await openProject(page, dir, 'Slices');

  await page.keyboard.press('Alt+9');
  await expect(page.getByTestId('slices-view')).toBeVisible();
  await expect(page.getByTestId('slices-empty')).toBeVisible();
  await page.getByTestId('slices-population').selectOption('labelled');
  await page.getByTestId('slices-threshold').fill('0.3');
  await page.getByTestId('slices-run').click();
  await expect(page.getByTestId('job-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });

  const top = page.getByTestId('slice-0');
  await expect(top).toHaveAttribute('data-confirmed', 'true');
  await expect(top.getByTestId('slice-description')).toContainText('darker (brightness');
  await expect(page.getByTestId('slices-chart').locator('canvas')).toBeVisible();
  await expect(top.getByTestId('slice-example').first()).toContainText('failed');
  await expect(top.getByTestId('slice-example-overlay').first()).toHaveAttribute('width', '128');
  for (const width of [1280, 1500, 1920]) await expectNoSidewaysScroll(page, { width, height: 900 });
  await expectOverlayAligned(page, top.getByTestId('slice-example').first(), [
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ]);

  // G: generate fresh night scenes and controls, then test them like held-out images.
  await page.keyboard.press('g');
  await expect(page.getByTestId('job-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(top.getByTestId('slice-fresh')).toContainText('demo street scenes with night');

  // F: fresh pool images near the slice become a set of their own, and the Rating view opens on it.
  await page.keyboard.press('f');
  await expect(page.getByTestId('rater-gate')).toBeVisible({ timeout: 60_000 });
  await startRating(page);
  const chosen = page.getByLabel('Set', { exact: true }).locator('option:checked');
  await expect(chosen).toHaveText(/^Slice check: run \d+, slice 1 · \d+ images · 0 rated by you/);
  const size = Number(/· (\d+) images/.exec((await chosen.textContent()) ?? '')![1]);
  await expect(page.getByTestId('rating-position')).toHaveText(`Image 1 of ${size}`);

  await page.keyboard.press('Alt+9');
  await expect(top.getByTestId('slice-fresh')).toContainText(`Waiting for ratings: 0 of ${size}`);
});

test('embeds with a CLIP-like encoder and captions with a captioner from models/, then searches fresh images by text', async ({ page, served }) => {
  test.setTimeout(120_000);
  const dir = join(served.temp, 'slices-encoder-project');
  const world = await seedSliceWorld(dir, { train: 16, plain: 50, night: 40, poolPlain: 16, poolNight: 16 });
  world.project.close();
  writeTinyClip(join(dir, 'models', 'tiny-clip'));
  writeTinyCaptioner(join(dir, 'models', 'tiny-captioner'));
  mkdirSync(join(dir, 'models', 'half-copied', 'onnx'), { recursive: true });
  await page.goto(served.url);
  await openProject(page, dir, 'Slices');

  await page.keyboard.press('Alt+9');
  await expect(page.getByTestId('vision-model-problem')).toContainText('models/half-copied cannot be used: no config.json');
  await page.getByTestId('slices-population').selectOption('labelled');
  await page.getByTestId('slices-threshold').fill('0.3');
  await page.getByTestId('slices-embedding').selectOption('tiny-clip');
  await page.getByTestId('slices-captioner').selectOption('tiny-captioner');
  await page.getByTestId('slices-run').click();
  await expect(page.getByTestId('job-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('slices-embedding-used')).toHaveText('embeddings of the image encoder models/tiny-clip');
  await expect(page.getByTestId('slices-summary')).toContainText('Captions by models/tiny-captioner');

  const top = page.getByTestId('slice-0');
  await top.getByText(/^Captions of \d examples$/).click();
  await expect(top.getByTestId('slice-captions').locator('li').first()).toHaveText(/^“\S.*”$/);

  await top.getByTestId('fresh-query').fill('a street at night');
  await top.getByTestId('search-fresh').click();
  await expect(page.getByTestId('rater-gate')).toBeVisible({ timeout: 60_000 });
  await startRating(page);
  await expect(page.getByLabel('Set', { exact: true }).locator('option:checked')).toHaveText(/^Slice check: run \d+, slice 1 · 32 images/);
  await page.keyboard.press('Alt+9');
  await expect(top.getByTestId('slice-fresh')).toContainText('Images matching “a street at night”: waiting for ratings: 0 of 32');
  await expect(top.getByTestId('slice-fresh').locator('.badge').last()).toContainText('· text');

  // A generator service of the lab's own, addressed by URL: G sends the slice's description to it.
  const service = await startGeneratorService(new DemoSceneGenerator());
  try {
    await page.getByTestId('slices-generator-url').fill(service.url);
    await expect(top.getByTestId('generate-fresh')).toHaveText('Generate fresh images (the generator service)');
    await top.getByTestId('generate-fresh').click();
    await expect(page.getByTestId('job-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(top.getByTestId('slice-fresh').locator('li').last()).toContainText('demo street scenes with night');
    expect(service.requests).toEqual(['POST /plan', 'POST /generate', 'POST /generate']);
  } finally {
    await service.close();
  }
});
