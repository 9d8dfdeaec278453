import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProjectDb } from '../../electron/core/store/openProjectDb.js';
import { colourCard, colourModel, writeModel } from '../fixtures/models/tinyModels.js';
import { addImageFile, insertImage, splitImagePng } from '../fixtures/models/tinyProject.js';
import { expect, test } from './serverFixture.js';
import { openProject } from './steps.js';

test('adds a model in the Models view, runs inference and sees it finish', async ({ page, served }) => {
  const dir = join(served.temp, 'street');
  const project = createProjectDb(dir, 'Inference e2e');
  for (let i = 0; i < 5; i++) await addImageFile(project.db, dir, `images/${i}.png`, await splitImagePng(32, 24, [220, 20, 20], [20, 20, 220]));
  // Bytes that are no image: a permanent failure (a missing file would be left for the next run).
  writeFileSync(join(dir, 'images', 'broken.png'), 'not an image');
  insertImage(project.db, 'images/broken.png', { width: 32, height: 24 });
  project.close();
  const model = writeModel(join(served.temp, 'models'), 'colour', colourModel({ downsample: 2 }), colourCard());
  const notOnnx = join(served.temp, 'models', 'notes.onnx');
  writeFileSync(notOnnx, 'these are notes, not a model');

  await page.goto(served.url);
  await openProject(page, dir, 'Inference e2e');

  await page.getByTestId('nav-models').click();
  await expect(page.getByTestId('models-empty')).toBeVisible();

  await page.getByLabel('ONNX file', { exact: true }).fill(notOnnx);
  await page.getByLabel('Model card', { exact: true }).fill(model.cardPath);
  await page.getByRole('button', { name: 'Add model' }).click();
  await expect(page.getByTestId('add-model-error')).toContainText('not an ONNX model');

  await page.getByLabel('ONNX file', { exact: true }).fill(model.onnxPath);
  await page.getByLabel('Make it the target').check();
  await page.getByRole('button', { name: 'Add model' }).click();
  await expect(page.getByTestId('add-model-result')).toContainText('Added colour 1.0');
  const row = page.getByTestId('model-row-1');
  await expect(row).toContainText('colour');
  await expect(row).toContainText('red');
  await expect(row).toContainText('target');
  await expect(page.getByTestId('model-provider-1')).toHaveText('CPU');
  await expect(page.getByTestId('inference-counts-1')).toContainText('6');

  await page.getByRole('button', { name: 'Run inference' }).click();
  await expect(page.getByTestId('inference-result')).toContainText('Done: 6 images, 1 failed');
  await expect(page.getByTestId('inference-counts-1')).toHaveText(/colour 1\.0\s*6\s*5\s*1\s*0/);
  await expect(page.getByTestId('provider-in-use')).toContainText('Execution provider: CPU');
});
