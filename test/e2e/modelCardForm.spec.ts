import { join } from 'node:path';
import sharp from 'sharp';
import { createProjectDb } from '../../electron/core/store/openProjectDb.js';
import { HEIGHT, WIDTH, sigmoidNchw, writeOnnx } from '../fixtures/models/exportedModels.js';
import { testPixels } from '../fixtures/models/referenceScores.js';
import { expect, test } from './serverFixture.js';
import { openProject } from './steps.js';

test('registers an exported model through the card form: inspect, rename a class, preview, fix a refused field, add', async ({ page, served }) => {
  const dir = join(served.temp, 'lesions');
  createProjectDb(dir, 'Card form e2e').close();
  // A third-party export with no card: a one-channel sigmoid output named 'output'.
  const onnxPath = writeOnnx(join(served.temp, 'export'), 'unet.onnx', sigmoidNchw());
  const photo = join(served.temp, 'export', 'skin.png');
  await sharp(Buffer.from(testPixels()), { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
    .resize(WIDTH * 40, HEIGHT * 40, { kernel: 'nearest' })
    .png()
    .toFile(photo);

  await page.goto(served.url);
  await openProject(page, dir, 'Card form e2e');
  await page.getByTestId('nav-models').click();
  await expect(page.getByTestId('models-empty')).toBeVisible();
  const started = Date.now();

  await page.getByLabel('ONNX file', { exact: true }).fill(onnxPath);
  await page.getByRole('button', { name: 'Inspect' }).click();
  const form = page.getByTestId('card-form');
  await expect(form.getByLabel('Model name')).toHaveValue('unet');
  await expect(form.getByLabel('Output kind')).toHaveValue('sigmoid');
  // The graph cannot say RGB from BGR: the draft marks the field as guessed.
  await expect(page.getByTestId('card-input-channelOrder')).toContainText('guessed');
  await expect(page.getByTestId('card-output-kind')).not.toContainText('guessed');
  await form.getByLabel('Class 1 name').fill('lesion');
  await form.getByLabel('Class 0 name').fill('skin');

  // A wrong kind is refused next to its field, with the fix.
  await form.getByLabel('Output kind').selectOption('logits');
  await page.getByLabel('Image to preview').fill(photo);
  await page.getByLabel('Image to preview').press('Enter');
  await expect(page.getByTestId('card-output-kind-problem')).toContainText("set output.kind to 'sigmoid'");
  await expect(page.getByTestId('card-preview')).toHaveCount(0);

  await form.getByLabel('Output kind').selectOption('sigmoid');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByTestId('card-preview-image-overlay')).toHaveAttribute('data-painted', 'yes');
  await expect(page.getByTestId('card-output-kind-problem')).toHaveCount(0);
  const shares = page.getByTestId('card-preview-shares');
  await expect(shares).toContainText(/skin \d+\.\d %/);
  await expect(shares).toContainText(/lesion \d+\.\d %/);
  await expect(page.getByTestId('card-preview')).toContainText(`${WIDTH * 40}×${HEIGHT * 40}`);
  // DICOM frames through an explicit window, then the lung preset: the card carries the rule.
  await form.getByLabel('DICOM windowing').selectOption('centre / width');
  await form.getByLabel('Window centre').fill('50');
  await form.getByLabel('DICOM windowing').selectOption('lung');
  // The card as edited, ready to save for the CLI.
  await page.getByText('The card as JSON').click();
  await expect(page.getByLabel('Card JSON')).toHaveValue(/"name": "lesion"/);
  await expect(page.getByLabel('Card JSON')).toHaveValue(/"dicomWindow": \{\s*"kind": "preset",\s*"name": "lung"\s*\}/);
  await page.setViewportSize({ width: 1400, height: 1500 });
  await page.screenshot({ path: '/tmp/faultline-card-form.png' });

  await page.getByLabel('Make it the target').check();
  await page.getByRole('button', { name: 'Add model' }).click();
  await expect(page.getByTestId('add-model-result')).toContainText('Added unet 1');
  const row = page.getByTestId('model-row-1');
  await expect(row).toContainText('lesion');
  await expect(row).toContainText('target');
  await expect(page.getByTestId('card-form')).toHaveCount(0);
  test.info().annotations.push({ type: 'card form flow', description: `${Date.now() - started} ms from the ONNX path to the model in the table` });
  console.log(`card form flow: ${Date.now() - started} ms`);
});
