import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { runCli } from '../../helpers/runCliProcess.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { colourCard, colourModel, writeModel } from '../../fixtures/models/tinyModels.js';
import { addImageFile, insertImage, splitImagePng } from '../../fixtures/models/tinyProject.js';

/** The built CLI (`npm run build` first), as `npx faultline models …` and `npx faultline infer …` run it. */
describe('models and infer commands', () => {
  const temp = makeTempDir();
  const dir = join(temp.dir, 'project');
  let model: { onnxPath: string; cardPath: string };

  beforeAll(async () => {
    const project = createProjectDb(dir, 'CLI');
    for (let i = 0; i < 3; i++) await addImageFile(project.db, dir, `images/${i}.png`, await splitImagePng(16, 12, [220, 20, 20], [20, 220, 20]));
    // Undecodable content: a permanent failure, with an error record (a missing file would be left for the next run).
    writeFileSync(join(dir, 'images', 'gone.png'), 'not an image');
    insertImage(project.db, 'images/gone.png', { width: 16, height: 12 });
    project.close();
    model = writeModel(join(temp.dir, 'src'), 'colour', colourModel(), colourCard());
  });
  afterAll(() => temp.cleanup());

  it('refuses a bad model with one line and exit code 2', () => {
    const notOnnx = join(temp.dir, 'src', 'notes.onnx');
    writeFileSync(notOnnx, 'not a model');
    const result = runCli(['models', 'add', dir, notOnnx, '--card', model.cardPath]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^faultline: The model was refused: the file is not an ONNX model/);
  });

  it('adds, lists and targets models, then runs inference with a summary', () => {
    const added = runCli(['models', 'add', dir, model.onnxPath, '--card', model.cardPath, '--target']);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/Added colour 1.0 as model 1 \(target\): 3 classes, all classes mapped; dry run passed on CPU/);
    const second = runCli(['models', 'add', dir, model.onnxPath, '--card', model.cardPath.replace('colour.card', 'v2.card')]);
    expect(second.status).toBe(2);
    writeFileSync(model.cardPath.replace('colour.card', 'v2.card'), JSON.stringify(colourCard({ version: '2.0' })));
    expect(runCli(['models', 'add', dir, model.onnxPath, '--card', model.cardPath.replace('colour.card', 'v2.card')]).status).toBe(0);
    expect(runCli(['models', 'set-target', dir, '2']).stdout).toContain('Model 2 (colour 2.0) is now the target.');

    const list = runCli(['models', 'list', dir, '--json']);
    expect(JSON.parse(list.stdout).map((m: { version: string; isTarget: boolean; provider: string }) => [m.version, m.isTarget, m.provider])).toEqual([
      ['1.0', false, 'cpu'],
      ['2.0', true, 'cpu'],
    ]);

    const infer = runCli(['infer', dir, '--models', '1', '--provider', 'cpu']);
    expect(infer.status, infer.stderr).toBe(0);
    expect(infer.stderr).toContain('colour 1.0: 4 images on CPU');
    expect(infer.stdout).toMatch(/colour 1.0 on CPU: 4 images \(1 failed\)/);
    expect(infer.stdout).toContain('--retry-failed');
    const again = runCli(['infer', dir, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ processed: 4, failed: 1, models: [{ name: 'colour', version: '2.0' }] });
    expect(runCli(['infer', dir, '--provider', 'gpu']).stderr).toContain('one of auto, cuda, dml (DirectML), coreml, cpu');
  });
});
