import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ASSIST_OBJECT, assistObjectRgb, writeSamAssist } from '../fixtures/models/assistModels.js';
import { seedProject } from '../helpers/seedProject.js';
import { ASSIST_CLASSES, clickImage, openEditorOnFirstImage, previewPainted, type ProbeWindow } from './assistSteps.js';
import { expect, test } from './serverFixture.js';

/**
 * Click-to-segment in the editor with a tiny SAM-format pair from the project's models/ folder
 * (its mask is where the image is bright; a negative click removes a disc of 6 low-res cells,
 * 24 pixels here, around it), through the real server and Chromium.
 */
const { width: W, height: H } = ASSIST_OBJECT;

/** The label map's class counts, the undo depth and the labels at `points`. */
async function mapState(page: Page, points: ReadonlyArray<readonly [number, number]> = []): Promise<{ counts: Record<number, number>; depth: number; labels: number[] }> {
  return page.evaluate((pts) => {
    const p = (window as ProbeWindow).faultlineEditorProbe!;
    return { counts: p.counts(), depth: p.undoDepth(), labels: pts.map(([x, y]) => p.labelAt(x, y)) };
  }, points);
}

test('assist: click, preview, refine with a negative click, accept as one step, undo and redo', async ({ page, served }) => {
  const dir = join(served.temp, 'assist-project');
  await seedProject(dir, {
    name: 'Assist study',
    classes: ASSIST_CLASSES,
    images: [1, 2].map((i) => ({ relPath: `images/object-${i}.png`, width: W, height: H, rgb: assistObjectRgb() })),
  });
  writeSamAssist(dir);
  await openEditorOnFirstImage(page, served.url, dir, 'Assist study');

  await page.keyboard.press('2');
  await page.keyboard.press('a');
  await expect(page.getByTestId('tool-assist')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('assist-status')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('assist-model')).toHaveValue('tiny-sam');

  // One click on the object: the preview covers the bright rectangle (128 × 64, give or take a 4-pixel cell), nothing is painted yet.
  await clickImage(page, 100, 60);
  const whole = await previewPainted(page, 1);
  expect(Math.abs(whole - 128 * 64)).toBeLessThan(128 * 8);
  expect(await mapState(page)).toEqual({ counts: { 255: W * H }, depth: 0, labels: [] });

  // A negative click inside it cuts a hole round that point; still nothing in history.
  await clickImage(page, 160, 64, 'right');
  const refined = await previewPainted(page, 2);
  expect(refined).toBeLessThan(whole - 500);
  await expect(page.getByTestId('assist-object')).toContainText('1 on · 1 off');
  await page.screenshot({ path: '/tmp/sam-assist-preview.png' });
  expect(await mapState(page)).toEqual({ counts: { 255: W * H }, depth: 0, labels: [] });

  // Enter paints the preview as the current class (car = 1), as one undoable step.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('assist-object')).toHaveCount(0);
  const painted = { counts: { 1: refined, 255: W * H - refined }, depth: 1 };
  // Inside the object, the negative click's hole, outside the object.
  expect(await mapState(page, [[100, 60], [160, 64], [20, 20]])).toEqual({ ...painted, labels: [1, 255, 255] });
  await page.screenshot({ path: '/tmp/sam-assist-accepted.png' });

  await page.keyboard.press('Control+z');
  expect((await mapState(page)).counts).toEqual({ 255: W * H });
  await page.keyboard.press('Control+Shift+z');
  expect(await mapState(page)).toEqual({ ...painted, labels: [] });

  // A second object in a row: a click, then Esc drops it without a trace.
  await clickImage(page, 30, 100);
  await previewPainted(page, 3);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('assist-object')).toHaveCount(0);
  expect(await mapState(page)).toEqual({ ...painted, labels: [] });

  // The manual tools still work with assist chosen before: a brush click paints a pixel.
  await page.keyboard.press('b');
  await clickImage(page, 5, 5);
  expect((await mapState(page, [[5, 5]])).labels).toEqual([1]);
});

test('assist: a large object previews at lower resolution, and Enter paints its whole mask', async ({ page, served }) => {
  // 16 times the test image: the object's box is 2048 × 1024, just over a full-HD preview.
  const scale = 16;
  const small = assistObjectRgb();
  const rgb = new Uint8Array(W * scale * H * scale * 3);
  for (let y = 0; y < H * scale; y++) {
    for (let x = 0; x < W * scale; x++) {
      const from = 3 * (Math.floor(y / scale) * W + Math.floor(x / scale));
      rgb.set(small.subarray(from, from + 3), 3 * (y * W * scale + x));
    }
  }
  const dir = join(served.temp, 'assist-large');
  await seedProject(dir, {
    name: 'Assist large',
    classes: ASSIST_CLASSES,
    images: [{ relPath: 'images/large.png', width: W * scale, height: H * scale, rgb }],
  });
  writeSamAssist(dir);
  await openEditorOnFirstImage(page, served.url, dir, 'Assist large');
  await page.keyboard.press('2');
  await page.keyboard.press('a');
  await expect(page.getByTestId('assist-status')).toHaveAttribute('data-state', 'ready');

  await clickImage(page, 2048, 1024);
  const previewed = await previewPainted(page, 1);
  expect(Math.abs(previewed - 2048 * 1024)).toBeLessThan(2048 * 1024 * 0.05);
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await mapState(page)).depth).toBe(1);
  const { counts, labels } = await mapState(page, [[2048, 1024], [1200, 600], [100, 100]]);
  // The whole mask, every pixel: the object's 2048 × 1024, give or take the edges of its 64-pixel low-res cells.
  expect(Math.abs(counts[1]! - 2048 * 1024)).toBeLessThan(2048 * 1024 * 0.05);
  expect(labels).toEqual([1, 1, 255]);
});
