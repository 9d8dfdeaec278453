import { join } from 'node:path';
import { ASSIST_OBJECT, assistObjectRgb, writeEdgeSamFolder, writeTransformersSam21Folder } from '../fixtures/models/assistModels.js';
import { seedProject } from '../helpers/seedProject.js';
import { ASSIST_CLASSES, clickImage, clientPoint, openEditorOnFirstImage, previewPainted } from './assistSteps.js';
import { expect, test } from './serverFixture.js';

/**
 * Assist with models laid out as people download them: an EdgeSAM pair with its card and an
 * onnx-community SAM 2.1 folder with no card (its encoder's weights in an .onnx_data file beside
 * it), both tiny graphs with the real exports' signatures (test/fixtures/models/assistModels.ts),
 * chosen in the panel and clicked through the real server and Chromium.
 */
test('assist: EdgeSAM and a transformers.js SAM 2.1 folder are listed, chosen and segment a click and a box', async ({ page, served }) => {
  const dir = join(served.temp, 'assist-real-exports');
  await seedProject(dir, {
    name: 'Real exports',
    classes: ASSIST_CLASSES,
    images: [{ relPath: 'images/object.png', width: ASSIST_OBJECT.width, height: ASSIST_OBJECT.height, rgb: assistObjectRgb() }],
  });
  writeEdgeSamFolder(dir);
  writeTransformersSam21Folder(dir);
  await openEditorOnFirstImage(page, served.url, dir, 'Real exports');

  await page.keyboard.press('2');
  await page.keyboard.press('a');
  await expect(page.getByTestId('assist-status')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('assist-model')).toHaveValue('edgesam');
  await expect(page.getByTestId('assist-model').locator('option')).toHaveText(['edgesam — EdgeSAM-3x', 'sam2.1-hiera-tiny-ONNX — SAM 2 (transformers.js)']);

  // EdgeSAM's decoder (no mask input, scores and masks): one click covers the bright rectangle.
  await clickImage(page, 100, 60);
  expect(Math.abs((await previewPainted(page, 1)) - 128 * 64)).toBeLessThan(128 * 8);
  await page.keyboard.press('Escape');

  // The SAM 2.1 folder, found by its config alone: a click, then a box over the dark corner, which reaches its decoder as input_boxes.
  await page.getByTestId('assist-model').selectOption('sam2.1-hiera-tiny-ONNX');
  await expect(page.getByTestId('assist-status')).toHaveAttribute('data-state', 'ready');
  await clickImage(page, 100, 60);
  expect(Math.abs((await previewPainted(page, 2)) - 128 * 64)).toBeLessThan(128 * 8);
  await page.keyboard.press('Escape');
  const from = await clientPoint(page, 4, 4);
  const to = await clientPoint(page, 40, 24);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2);
  await page.mouse.move(to.x, to.y);
  await page.mouse.up();
  const boxed = await previewPainted(page, 3);
  await expect(page.getByTestId('assist-object')).toContainText('box');
  await page.screenshot({ path: '/tmp/sam-assist-real-exports-box.png' });
  // The box's own pixels (about 36 × 20) join the mask; the bright rectangle stays in it (its logits are positive).
  expect(boxed).toBeGreaterThan(128 * 64 + 36 * 20 - 200);
});
