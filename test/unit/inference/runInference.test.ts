import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { predictionLabelMapReader, readPrediction } from '../../../electron/core/store/predictions.js';
import { inflateLabelMapAt } from '../../../electron/core/store/labelMapBlob.js';
import { updateDiscrepancies } from '../../../electron/core/mining/updateDiscrepancies.js';
import { decodeProbs } from '../../../electron/core/inference/probsBlob.js';
import { runInference } from '../../../electron/core/inference/runInference.js';
import { inferenceStatus } from '../../../electron/core/inference/inferenceStatus.js';
import { createProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { probeInWorker } from '../../../electron/core/inference/probeInWorker.js';
import { addModel } from '../../../electron/core/models/modelRegistry.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { colourCard, colourModel, writeModel } from '../../fixtures/models/tinyModels.js';
import { addImageFile, insertImage, splitImagePng } from '../../fixtures/models/tinyProject.js';

const RED: [number, number, number] = [230, 10, 10];
const GREEN: [number, number, number] = [10, 230, 10];
const BLUE: [number, number, number] = [10, 10, 230];

let temp: ReturnType<typeof makeTempDir>;
let project: ProjectDb;

beforeEach(() => {
  temp = makeTempDir();
  project = createProjectDb(join(temp.dir, 'project'), 'Inference');
});
afterEach(() => {
  project.close();
  temp.cleanup();
});

function labelMap(imageId: number, modelId: number): number[] {
  const row = project.db.prepare('SELECT label_map FROM prediction_maps WHERE image_id = ? AND model_id = ?').get(imageId, modelId) as { label_map: Buffer };
  return Array.from(inflateSync(row.label_map));
}

/** Colour model at 8×6 whose score map is 4×3 (average-pooled by 2), letterboxed. */
async function addColourModel(overrides: Record<string, unknown> = {}): Promise<number> {
  const files = writeModel(join(temp.dir, 'src'), `m${Math.random()}`, colourModel({ downsample: 2 }), colourCard(overrides, { resize: 'letterbox' }));
  return (await addModel(project, files, probeInWorker)).id;
}

const options = { provider: 'cpu', storeProbs: false, retryFailed: false, workers: 1 } as const;

describe('inference run', () => {
  it('stores label maps at the original size, fractions, uncertainty, and error records for bad images (none for missing files)', async () => {
    const modelId = await addColourModel();
    const split = await addImageFile(project.db, project.dir, 'images/split.png', await splitImagePng(16, 12, RED, BLUE));
    const green = await addImageFile(project.db, project.dir, 'images/green.png', await splitImagePng(8, 6, GREEN));
    const missing = insertImage(project.db, 'images/missing.png', { width: 8, height: 6 });
    writeFileSync(join(project.dir, 'images', 'broken.png'), 'not an image');
    const broken = insertImage(project.db, 'images/broken.png', { width: 8, height: 6 });
    insertImage(project.db, 'images/failed-at-import.png', null, 'failed');

    const summary = await runInference(project, { ...options, storeProbs: true, workers: undefined });
    expect(summary).toMatchObject({ processed: 3, failed: 1, retryable: 1, cancelled: false });
    expect(summary.retryReason).toMatch(/^images\/missing.png: ENOENT/);
    expect(summary.models[0]).toMatchObject({ provider: 'cpu', pending: 4, processed: 3, failed: 1, retryable: 1 });

    const left = Array.from({ length: 12 }, () => [...Array<number>(8).fill(0), ...Array<number>(8).fill(2)]).flat();
    expect(labelMap(split, modelId)).toEqual(left);
    expect(labelMap(green, modelId)).toEqual(Array<number>(48).fill(1));

    const view = readPrediction(project.db, split, modelId)!;
    expect(view).toMatchObject({ width: 16, height: 12, failure: null });
    expect(Array.from(inflateSync(Buffer.from(view.labelMap!, 'base64')))).toEqual(left);
    expect(view.classFractions).toEqual([0.5, 0, 0.5]);
    expect(view.meanMargin!).toBeGreaterThan(0.5);
    expect(view.meanEntropy!).toBeGreaterThan(0);
    const probs = project.db.prepare('SELECT probs FROM predictions WHERE image_id = ?').pluck().get(split) as Buffer;
    expect(decodeProbs(probs)).toMatchObject({ classes: 3, h: 3, w: 4 });
    expect(view.probsBytes).toBe(10 + 3 * 3 * 4);

    // A file that cannot be read is not the image's fault: no record, the next run computes it.
    expect(readPrediction(project.db, missing, modelId)).toBeNull();
    expect(readPrediction(project.db, broken, modelId)!.failure).toMatch(/cannot decode images\/broken.png/);
    expect(inferenceStatus(project.db)).toMatchObject({
      providerInUse: 'cpu',
      models: [{ modelId, images: 4, done: 2, failed: 1, pending: 1 }],
    });
  });

  it('recomputes nothing already stored, and retries error records only when asked', async () => {
    await addColourModel();
    await addImageFile(project.db, project.dir, 'a.png', await splitImagePng(8, 6, RED));
    writeFileSync(join(project.dir, 'b.png'), 'not an image yet');
    insertImage(project.db, 'b.png', { width: 8, height: 6 });
    expect((await runInference(project, options)).processed).toBe(2);
    expect((await runInference(project, options)).processed).toBe(0);
    writeFileSync(join(project.dir, 'b.png'), await splitImagePng(8, 6, BLUE));
    const retry = await runInference(project, { ...options, retryFailed: true });
    expect(retry).toMatchObject({ processed: 1, failed: 0 });
    expect(project.db.prepare('SELECT count(*) FROM predictions WHERE error IS NULL').pluck().get()).toBe(2);
  });

  it('with probabilities asked for, fills them in for predictions stored without them and leaves the rest as it was', async () => {
    const modelId = await addColourModel();
    const a = await addImageFile(project.db, project.dir, 'a.png', await splitImagePng(8, 6, RED, BLUE));
    await addImageFile(project.db, project.dir, 'b.png', await splitImagePng(8, 6, GREEN));
    writeFileSync(join(project.dir, 'gone.png'), 'not an image');
    insertImage(project.db, 'gone.png', { width: 8, height: 6 });
    expect((await runInference(project, options)).processed).toBe(3);
    const stored = project.db.prepare(
      'SELECT p.image_id, m.label_map, p.created_at FROM predictions p LEFT JOIN prediction_maps m ON m.model_id = p.model_id AND m.image_id = p.image_id ORDER BY p.image_id',
    );
    const before = stored.all();
    const withProbs = await runInference(project, { ...options, storeProbs: true });
    // The error record counts as done: only the two predictions lacking probabilities run again.
    expect(withProbs).toMatchObject({ processed: 2, failed: 0 });
    expect(stored.all()).toEqual(before);
    expect(project.db.prepare('SELECT count(*) FROM predictions WHERE probs IS NOT NULL').pluck().get()).toBe(2);
    expect(decodeProbs(project.db.prepare('SELECT probs FROM predictions WHERE image_id = ?').pluck().get(a) as Buffer)).toMatchObject({ classes: 3 });
    expect((await runInference(project, { ...options, storeProbs: true })).processed).toBe(0);
    expect(labelMap(a, modelId)).toHaveLength(48);
  });

  it('writes competitor labels in project class ids through its class map', async () => {
    const target = await addColourModel();
    // Channel 0 (red light) is this model's "blue", channel 2 its "red"; it has no "green" but a "sky".
    const competitor = await addColourModel({
      name: 'swapped',
      classes: [
        { id: 0, name: 'blue', color: '#0000ff', superclass: null },
        { id: 1, name: 'sky', color: '#00ffff', superclass: null },
        { id: 2, name: 'red', color: '#ff0000', superclass: null },
      ],
    });
    const red = await addImageFile(project.db, project.dir, 'red.png', await splitImagePng(4, 4, RED));
    const green = await addImageFile(project.db, project.dir, 'green.png', await splitImagePng(4, 4, GREEN));
    await runInference(project, options);
    expect(labelMap(red, target)).toEqual(Array<number>(16).fill(0));
    expect(labelMap(red, competitor)).toEqual(Array<number>(16).fill(2));
    expect(labelMap(green, competitor)).toEqual(Array<number>(16).fill(255));
    expect(readPrediction(project.db, green, competitor)!.classFractions).toEqual([0, 0, 0]);
  });

  it('runs only the models asked for', async () => {
    const a = await addColourModel();
    const b = await addColourModel({ version: '2' });
    await addImageFile(project.db, project.dir, 'a.png', await splitImagePng(8, 6, RED));
    await runInference(project, { ...options, modelIds: [b] });
    expect(inferenceStatus(project.db).models.map((m) => [m.modelId, m.done])).toEqual([
      [a, 0],
      [b, 1],
    ]);
  });

  it('stops when cancelled with the finished batches stored, and a later run does the rest', async () => {
    await addColourModel();
    const png = await splitImagePng(8, 6, GREEN);
    for (let i = 0; i < 40; i++) await addImageFile(project.db, project.dir, `img/${i}.png`, png);
    const controller = new AbortController();
    const first = await runInference(project, { ...options, batchSize: 2 }, { signal: controller.signal, onProgress: (p) => p.done >= 4 && controller.abort() });
    expect(first.cancelled).toBe(true);
    const stored = project.db.prepare('SELECT count(*) FROM predictions').pluck().get() as number;
    expect(stored).toBe(first.processed);
    expect(stored).toBeGreaterThanOrEqual(4);
    expect(stored).toBeLessThan(40);
    const second = await runInference(project, options);
    expect(second.processed).toBe(40 - stored);
    expect(project.db.prepare('SELECT count(*) FROM predictions').pluck().get()).toBe(40);
  });

  it('refuses to run without models and names a provider it cannot use', async () => {
    await expect(runInference(project, options)).rejects.toThrow(/no models yet/);
    await addColourModel();
    await addImageFile(project.db, project.dir, 'a.png', await splitImagePng(8, 6, RED));
    await expect(runInference(project, { ...options, provider: 'coreml' })).rejects.toThrow(/could not be loaded \(tried coreml\)/);
  });
});

describe('predictions of photos far larger than the model sees', () => {
  it('are stored at bounded resolution, read back at the image size, and measured against each other at a common size', async () => {
    const small = await addColourModel();
    const large = (await addModel(project, writeModel(join(temp.dir, 'src'), 'large', colourModel({ width: 640, height: 480 }), colourCard({ name: 'large' }, { width: 640, height: 480 })), probeInWorker)).id;
    const photo = await addImageFile(project.db, project.dir, 'images/photo.png', await splitImagePng(2400, 1200, RED, BLUE));
    await runInference(project, options);

    // Score maps 4×3 and 640×480: bounds max(1024, 2·4) and max(1024, 2·640) on the longer side.
    expect(readPrediction(project.db, photo, small)).toMatchObject({ width: 1024, height: 512, classFractions: [0.5, 0, 0.5] });
    expect(readPrediction(project.db, photo, large)).toMatchObject({ width: 1280, height: 640 });
    const stored = predictionLabelMapReader(project.db)(photo, small)!;
    const full = inflateLabelMapAt(stored, 2400, 1200, 'prediction');
    expect([full[0], full[1199], full[1200], full[2399], full[1199 * 2400 + 1199], full[1199 * 2400 + 1200]]).toEqual([0, 0, 2, 2, 0, 2]);

    const update = await updateDiscrepancies(project.db, [{ targetId: small, competitorId: large }], {
      numClasses: 3,
      ignoreIndex: 255,
      settings: { minClassShare: 0, foregroundClassId: null },
    });
    expect(update).toEqual({ computed: 1, failed: [] });
    expect(project.db.prepare('SELECT miou FROM pair_discrepancies WHERE image_id = ?').pluck().get(photo)).toBe(0);
  });

  it('written before maps had a stored size are read at the image size', async () => {
    const modelId = await addColourModel();
    const image = await addImageFile(project.db, project.dir, 'images/old.png', await splitImagePng(8, 6, GREEN));
    await runInference(project, options);
    project.db.prepare('UPDATE predictions SET map_width = NULL, map_height = NULL').run();
    expect(readPrediction(project.db, image, modelId)).toMatchObject({ width: 8, height: 6 });
    expect(predictionLabelMapReader(project.db)(image, modelId)).toMatchObject({ width: 8, height: 6 });
  });
});
