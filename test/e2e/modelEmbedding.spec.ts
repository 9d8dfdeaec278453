import { join } from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { createProjectDb } from '../../electron/core/store/openProjectDb.js';
import { projectDbPath } from '../../electron/core/store/projectFiles.js';
import { HEIGHT, WIDTH, featureMapModel, writeOnnx } from '../fixtures/models/exportedModels.js';
import { testPixels } from '../fixtures/models/referenceScores.js';
import { addImageFile } from '../fixtures/models/tinyProject.js';
import { expect, test } from './serverFixture.js';
import { openProject } from './steps.js';

test('the card form drafts an embedding for slices from a side output; inference stores it with each prediction', async ({ page, served }) => {
  const dir = join(served.temp, 'side-outputs');
  const project = createProjectDb(dir, 'Embedding e2e');
  const png = await sharp(Buffer.from(testPixels()), { raw: { width: WIDTH, height: HEIGHT, channels: 3 } }).png().toBuffer();
  for (let i = 0; i < 3; i++) await addImageFile(project.db, dir, `images/${i}.png`, png);
  project.close();
  // Logits from a 3×3 conv, plus a rank-4 side output 'stage' and a rank-2 'pooled'.
  const onnxPath = writeOnnx(join(served.temp, 'export'), 'sides.onnx', featureMapModel(true));

  await page.goto(served.url);
  await openProject(page, dir, 'Embedding e2e');
  await page.getByTestId('nav-models').click();
  await page.getByLabel('ONNX file', { exact: true }).fill(onnxPath);
  await page.getByRole('button', { name: 'Inspect' }).click();
  const form = page.getByTestId('card-form');
  await expect(form.getByLabel('Output tensor')).toHaveValue('logits');
  const field = form.getByLabel('Feature tensor');
  await expect(field).toHaveValue('stage');
  await expect(page.getByTestId('card-embedding-tensorName')).toContainText('guessed');
  // Only rank-4 outputs are offered ('pooled' is rank 2; 'logits' is the output read).
  await expect(field.locator('option')).toHaveText(['(none)', 'stage']);
  await expect(form.getByLabel('Feature layout')).toHaveValue('NCHW');

  await field.selectOption('(none)');
  await expect(form.getByLabel('Feature layout')).toHaveCount(0);
  await page.getByText('The card as JSON').click();
  await expect(page.getByLabel('Card JSON')).not.toHaveValue(/"embedding"/);
  await field.selectOption('stage');
  await expect(page.getByLabel('Card JSON')).toHaveValue(/"embedding": \{\s*"tensorName": "stage",\s*"layout": "NCHW"/);
  await page.getByTestId('card-embedding-tensorName').scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/faultline-card-embedding.png' });

  await page.getByRole('button', { name: 'Add model' }).click();
  await expect(page.getByTestId('add-model-result')).toContainText('Added sides 1');
  await page.getByRole('button', { name: 'Run inference' }).click();
  await expect(page.getByTestId('inference-result')).toContainText('Done: 3 images, 0 failed');

  const db = new Database(projectDbPath(dir), { readonly: true });
  try {
    const sizes = db.prepare('SELECT length(embedding) FROM predictions WHERE model_id = 1').pluck().all();
    // Five channels of float32 per image.
    expect(sizes).toEqual([20, 20, 20]);
  } finally {
    db.close();
  }
});
