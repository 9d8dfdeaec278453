import { join } from 'node:path';
import { createProjectDb } from '../../electron/core/store/openProjectDb.js';
import { colourCard, colourModel, writeModel } from '../fixtures/models/tinyModels.js';
import { addImageFile, splitImagePng } from '../fixtures/models/tinyProject.js';
import { V2TestServer } from '../helpers/v2TestServer.js';
import { expect, test } from './serverFixture.js';
import { openProject } from './steps.js';

test('registers a model served over the Open Inference Protocol in the Models view, refusing a wrong name, and runs inference through it', async ({ page, served }) => {
  const dir = join(served.temp, 'remote');
  const project = createProjectDb(dir, 'Remote e2e');
  for (let i = 0; i < 3; i++) await addImageFile(project.db, dir, `images/${i}.png`, await splitImagePng(32, 24, [220, 20, 20], [20, 20, 220]));
  project.close();
  const bytes = colourModel({ downsample: 2 });
  const { cardPath } = writeModel(join(served.temp, 'models'), 'colour', bytes, colourCard());
  const server = await V2TestServer.start({ models: [{ name: 'colour', version: '7', bytes }] });
  try {
    await page.goto(served.url);
    await openProject(page, dir, 'Remote e2e');
    await page.getByTestId('nav-models').click();
    const form = page.getByTestId('add-remote-form');
    await form.getByLabel('Server addresses').fill(server.url);
    await form.getByLabel('Model name on the server').fill('nosuch');
    await form.getByLabel('Card file').fill(cardPath);
    await form.getByRole('button', { name: 'Add served model' }).click();
    await expect(page.getByTestId('add-remote-error')).toContainText("has no model nosuch (HTTP 404: Request for unknown model: 'nosuch' is not found)");

    await form.getByLabel('Model name on the server').fill('colour');
    await form.getByRole('button', { name: 'Add served model' }).click();
    await expect(page.getByTestId('add-remote-result')).toContainText(`Added colour 1.0, served by ${server.url}`);
    await expect(page.getByTestId('model-row-1')).toContainText('colour');
    await expect(page.getByTestId('model-provider-1')).toHaveText('remote server');

    await page.getByRole('button', { name: 'Run inference' }).click();
    await expect(page.getByTestId('inference-result')).toContainText('Done: 3 images');
    await expect(page.getByTestId('inference-counts-1')).toHaveText(/colour 1\.0\s*3\s*3\s*0\s*0/);
    await page.getByTestId('add-remote-form').scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/remote-models-view.png', fullPage: true });
  } finally {
    await server.close();
  }
});
