import type { Page } from '@playwright/test';
import type { EditorProbe } from '../../renderer/src/editor/testProbe.js';
import { openProject } from './steps.js';

/** Steps the assist specs share: the editor opened on image 1 with the test probe, clicks at image pixels, waits on previews. */

/** The assist specs' classes: road (key 1) and car (key 2), the class they paint. */
export const ASSIST_CLASSES = [
  { id: 0, name: 'road', color: '#804080' },
  { id: 1, name: 'car', color: '#00c0ff' },
];

export type ProbeWindow = Window & { faultlineEditorProbe?: EditorProbe; __FAULTLINE_TEST_HOOKS__?: boolean };

/** Opens the project at `dir` in the editor on its first image, labelling as Ada, with the test probe installed. */
export async function openEditorOnFirstImage(page: Page, url: string, dir: string, name: string): Promise<void> {
  await page.context().addInitScript(() => {
    (window as ProbeWindow).__FAULTLINE_TEST_HOOKS__ = true;
  });
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(url);
  await openProject(page, dir, name);
  await page.getByTestId('nav-editor').click();
  await page.getByLabel('Your name').fill('Ada');
  await page.getByRole('button', { name: 'Start labelling' }).click();
  await page.getByTestId('label-1').click();
  await page.waitForFunction(() => (window as ProbeWindow).faultlineEditorProbe?.imageId === 1);
}

/** Client coordinates of the centre of image pixel (x, y). */
export async function clientPoint(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  return page.evaluate(([ix, iy]) => (window as ProbeWindow).faultlineEditorProbe!.clientPoint(ix!, iy!), [x + 0.5, y + 0.5]);
}

export async function clickImage(page: Page, x: number, y: number, button: 'left' | 'right' = 'left'): Promise<void> {
  const p = await clientPoint(page, x, y);
  await page.mouse.click(p.x, p.y, { button });
}

/** Waits until the preview of the latest prompt is painted; its size in pixels. */
export async function previewPainted(page: Page, count: number): Promise<number> {
  await page.waitForFunction((n) => {
    const a = (window as ProbeWindow).faultlineEditorProbe!.assist();
    return a.painted >= n && !a.pending;
  }, count);
  return page.evaluate(() => (window as ProbeWindow).faultlineEditorProbe!.assist().previewPixels);
}
