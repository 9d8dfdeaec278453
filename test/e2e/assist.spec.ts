import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { EditorProbe } from '../../renderer/src/editor/testProbe.js';
import { writeSamAssist } from '../fixtures/models/assistModels.js';
import { seedProject } from '../helpers/seedProject.js';
import { expect, test } from './serverFixture.js';
import { openProject } from './steps.js';

/**
 * Click-to-segment in the editor with a tiny SAM-format pair from the project's models/ folder
 * (its mask is where the image is bright; a negative click removes a disc of 6 low-res cells,
 * 24 pixels here, around it), through the real server and Chromium.
 */
const W = 256;
const H = 128;
const OBJECT = { x0: 64, x1: 192, y0: 32, y1: 96 };

function objectImage(): Uint8Array {
  const rgb = new Uint8Array(W * H * 3).fill(10);
  for (let y = OBJECT.y0; y < OBJECT.y1; y++) rgb.fill(245, (y * W + OBJECT.x0) * 3, (y * W + OBJECT.x1) * 3);
  return rgb;
}

type ProbeWindow = Window & { faultlineEditorProbe?: EditorProbe; __FAULTLINE_TEST_HOOKS__?: boolean };

/** The label map's class counts, the undo depth and the labels at `points`. */
async function mapState(page: Page, points: ReadonlyArray<readonly [number, number]> = []): Promise<{ counts: Record<number, number>; depth: number; labels: number[] }> {
  return page.evaluate((pts) => {
    const p = (window as ProbeWindow).faultlineEditorProbe!;
    return { counts: p.counts(), depth: p.undoDepth(), labels: pts.map(([x, y]) => p.labelAt(x, y)) };
  }, points);
}

async function clickImage(page: Page, x: number, y: number, button: 'left' | 'right' = 'left'): Promise<void> {
  const p = await page.evaluate(([ix, iy]) => (window as ProbeWindow).faultlineEditorProbe!.clientPoint(ix!, iy!), [x + 0.5, y + 0.5]);
  await page.mouse.click(p.x, p.y, { button });
}

/** Waits until the preview of the latest click is painted. */
async function previewPainted(page: Page, count: number): Promise<number> {
  await page.waitForFunction((n) => {
    const a = (window as ProbeWindow).faultlineEditorProbe!.assist();
    return a.painted >= n && !a.pending;
  }, count);
  return page.evaluate(() => (window as ProbeWindow).faultlineEditorProbe!.assist().previewPixels);
}

test('assist: click, preview, refine with a negative click, accept as one step, undo and redo', async ({ page, served }) => {
  const dir = join(served.temp, 'assist-project');
  await seedProject(dir, {
    name: 'Assist study',
    classes: [
      { id: 0, name: 'road', color: '#804080' },
      { id: 1, name: 'car', color: '#00c0ff' },
    ],
    images: [1, 2].map((i) => ({ relPath: `images/object-${i}.png`, width: W, height: H, rgb: objectImage() })),
  });
  writeSamAssist(dir);
  await page.context().addInitScript(() => {
    (window as ProbeWindow).__FAULTLINE_TEST_HOOKS__ = true;
  });
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(served.url);
  await openProject(page, dir, 'Assist study');
  await page.getByTestId('nav-editor').click();
  await page.getByLabel('Your name').fill('Ada');
  await page.getByRole('button', { name: 'Start labelling' }).click();
  await page.getByTestId('label-1').click();
  await page.waitForFunction(() => (window as ProbeWindow).faultlineEditorProbe?.imageId === 1);

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
