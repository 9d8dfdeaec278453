import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { runCli } from '../../helpers/runCliProcess.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { HEIGHT, WIDTH, externalDataModel, writeOnnx } from '../../fixtures/models/exportedModels.js';
import { addImageFile, splitImagePng } from '../../fixtures/models/tinyProject.js';

/** The built CLI (`npm run build` first), run from a folder that is neither the model's nor the project's. */
describe('models inspect, then add and infer a model with external data from another working folder', () => {
  const temp = makeTempDir();
  const project = join(temp.dir, 'project');
  const elsewhere = join(temp.dir, 'elsewhere');

  beforeAll(async () => {
    const db = createProjectDb(project, 'CLI');
    for (let i = 0; i < 2; i++) await addImageFile(db.db, project, `images/${i}.png`, await splitImagePng(WIDTH, HEIGHT, [220, 20, 20], [20, 20, 220]));
    db.close();
    const { onnx, data } = externalDataModel();
    writeOnnx(join(temp.dir, 'export'), 'model.onnx', onnx);
    writeFileSync(join(temp.dir, 'export', 'weights.bin'), data);
    mkdirSync(elsewhere);
  });
  afterAll(() => temp.cleanup());

  it('prints the signature and a card that models add accepts unchanged but for class names', () => {
    const inspected = runCli(['models', 'inspect', '../export/model.onnx', '--json'], { cwd: elsewhere });
    expect(inspected.status, inspected.stderr).toBe(0);
    const { signature, card, unsure } = JSON.parse(inspected.stdout) as {
      signature: { inputs: unknown[]; outputs: unknown[]; externalData: unknown[]; opset: number };
      card: { name: string; classes: Array<{ name: string }> };
      unsure: string[];
    };
    expect(signature).toMatchObject({ opset: 17, inputs: [{ name: 'image', type: 'float32', shape: ['N', 3, HEIGHT, WIDTH] }], externalData: [{ location: 'weights.bin', sizeBytes: 3 * 3 * 4 + 3 * 4 }] });
    expect(card.classes.map((c) => c.name)).toEqual(['class0', 'class1', 'class2']);
    expect(unsure).toEqual(expect.arrayContaining(['input.channelOrder', 'input.scale', 'output.kind']));

    card.classes.forEach((c, i) => (c.name = ['road', 'car', 'sky'][i]!));
    writeFileSync(join(elsewhere, 'card.json'), JSON.stringify(card));
    const added = runCli(['models', 'add', '../project', '../export/model.onnx', '--card', 'card.json'], { cwd: elsewhere });
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toContain('Copied to models/model-1/model-1.onnx');
    expect(existsSync(join(project, 'models', 'model-1', 'weights.bin'))).toBe(true);

    const infer = runCli(['infer', '../project', '--provider', 'cpu', '--json'], { cwd: elsewhere });
    expect(infer.status, infer.stderr).toBe(0);
    expect(JSON.parse(infer.stdout)).toMatchObject({ processed: 2, failed: 0 });
  });

  it('previews the drafted card on an image with no project and writes the mask in the class colours', async () => {
    writeFileSync(join(elsewhere, 'photo.png'), await splitImagePng(WIDTH * 4, HEIGHT * 4, [220, 20, 20], [20, 20, 220]));
    const preview = runCli(['models', 'preview', '--onnx', '../export/model.onnx', '--image', 'photo.png', '--out', 'mask.png', '--provider', 'cpu'], { cwd: elsewhere });
    expect(preview.status, preview.stderr).toBe(0);
    expect(preview.stdout).toContain(`model 1 on photo.png: ${WIDTH * 4}×${HEIGHT * 4}`);
    const shares = [...preview.stdout.matchAll(/^ {2}(\d) {2}class\d +([\d.]+) %$/gm)].map((m) => Number(m[2]));
    expect(shares).toHaveLength(3);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
    const { card } = JSON.parse(runCli(['models', 'inspect', '../export/model.onnx', '--json'], { cwd: elsewhere }).stdout) as { card: { classes: Array<{ color: string }> } };
    const { data, info } = await sharp(join(elsewhere, 'mask.png')).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([WIDTH * 4, HEIGHT * 4, 3]);
    const colours = new Set<string>();
    for (let i = 0; i < data.length; i += 3) colours.add(`#${[data[i]!, data[i + 1]!, data[i + 2]!].map((v) => v.toString(16).padStart(2, '0')).join('')}`);
    expect([...colours].every((c) => card.classes.some((k) => k.color === c))).toBe(true);
  });
});
