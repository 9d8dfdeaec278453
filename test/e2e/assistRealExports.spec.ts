import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { EditorProbe } from '../../renderer/src/editor/testProbe.js';
import { TINY_SAM_SIDE, edgeSamDecoder, samEncoder, transformersSam2Decoder, transformersSam2Encoder, withExternalData, writeAssistFolder } from '../fixtures/models/assistModels.js';
import { seedProject } from '../helpers/seedProject.js';
import { expect, test } from './serverFixture.js';
import { openProject } from './steps.js';

/**
 * Assist with models laid out as people download them: an EdgeSAM pair with its card and an
 * onnx-community SAM 2.1 folder with no card (its encoder's weights in an .onnx_data file beside
 * it), both tiny graphs with the real exports' signatures (test/fixtures/models/assistModels.ts),
 * chosen in the panel and clicked through the real server and Chromium.
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

async function clientPoint(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  return page.evaluate(([ix, iy]) => (window as ProbeWindow).faultlineEditorProbe!.clientPoint(ix!, iy!), [x + 0.5, y + 0.5]);
}

/** Waits until the preview of the latest prompt is painted; its size in pixels. */
async function previewPainted(page: Page, count: number): Promise<number> {
  await page.waitForFunction((n) => {
    const a = (window as ProbeWindow).faultlineEditorProbe!.assist();
    return a.painted >= n && !a.pending;
  }, count);
  return page.evaluate(() => (window as ProbeWindow).faultlineEditorProbe!.assist().previewPixels);
}

test('assist: EdgeSAM and a transformers.js SAM 2.1 folder are listed, chosen and segment a click and a box', async ({ page, served }) => {
  const dir = join(served.temp, 'assist-real-exports');
  await seedProject(dir, {
    name: 'Real exports',
    classes: [
      { id: 0, name: 'road', color: '#804080' },
      { id: 1, name: 'car', color: '#00c0ff' },
    ],
    images: [{ relPath: 'images/object.png', width: W, height: H, rgb: objectImage() }],
  });
  const side = TINY_SAM_SIDE / 16;
  writeAssistFolder(dir, 'edgesam', { 'edge_sam_3x_encoder.onnx': samEncoder(TINY_SAM_SIDE), 'edge_sam_3x_decoder.onnx': edgeSamDecoder(side) }, { format: 'sam', family: 'EdgeSAM-3x', licence: 'S-Lab License 1.0 (non-commercial)', encoder: 'edge_sam_3x_encoder.onnx', decoder: 'edge_sam_3x_decoder.onnx', inputSize: TINY_SAM_SIDE });
  const encoder = withExternalData(transformersSam2Encoder(TINY_SAM_SIDE), 'vision_encoder.onnx_data');
  writeAssistFolder(dir, 'sam2.1-hiera-tiny-ONNX', {
    'config.json': JSON.stringify({ model_type: 'sam2' }),
    'preprocessor_config.json': JSON.stringify({ size: { height: TINY_SAM_SIDE, width: TINY_SAM_SIDE } }),
    'onnx/vision_encoder.onnx': encoder.onnx,
    'onnx/vision_encoder.onnx_data': encoder.data,
    'onnx/prompt_encoder_mask_decoder.onnx': transformersSam2Decoder(side),
  });
  await page.context().addInitScript(() => {
    (window as ProbeWindow).__FAULTLINE_TEST_HOOKS__ = true;
  });
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(served.url);
  await openProject(page, dir, 'Real exports');
  await page.getByTestId('nav-editor').click();
  await page.getByLabel('Your name').fill('Ada');
  await page.getByRole('button', { name: 'Start labelling' }).click();
  await page.getByTestId('label-1').click();
  await page.waitForFunction(() => (window as ProbeWindow).faultlineEditorProbe?.imageId === 1);

  await page.keyboard.press('2');
  await page.keyboard.press('a');
  await expect(page.getByTestId('assist-status')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('assist-model')).toHaveValue('edgesam');
  await expect(page.getByTestId('assist-model').locator('option')).toHaveText(['edgesam — EdgeSAM-3x', 'sam2.1-hiera-tiny-ONNX — SAM 2 (transformers.js)']);

  // EdgeSAM's decoder (no mask input, scores and masks): one click covers the bright rectangle.
  let at = await clientPoint(page, 100, 60);
  await page.mouse.click(at.x, at.y);
  expect(Math.abs((await previewPainted(page, 1)) - 128 * 64)).toBeLessThan(128 * 8);
  await page.keyboard.press('Escape');

  // The SAM 2.1 folder, found by its config alone: a click, then a box over the dark corner, which reaches its decoder as input_boxes.
  await page.getByTestId('assist-model').selectOption('sam2.1-hiera-tiny-ONNX');
  await expect(page.getByTestId('assist-status')).toHaveAttribute('data-state', 'ready');
  at = await clientPoint(page, 100, 60);
  await page.mouse.click(at.x, at.y);
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
