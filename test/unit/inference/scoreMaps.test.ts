import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../../electron/core/store/models.js';
import { decodeProbs } from '../../../electron/core/inference/probsBlob.js';
import { runInference } from '../../../electron/core/inference/runInference.js';
import { ScoreMapRunner, type ScoreMapOutcome } from '../../../electron/core/inference/scoreMaps.js';
import { createProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { probeInWorker } from '../../../electron/core/inference/probeInWorker.js';
import { addModel } from '../../../electron/core/models/modelRegistry.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { colourCard, colourModel, writeModel } from '../../fixtures/models/tinyModels.js';
import { addImageFile, insertImage, splitImagePng } from '../../fixtures/models/tinyProject.js';

describe('score maps computed now by the inference pool', () => {
  const temp = makeTempDir();
  let project: ProjectDb;
  let modelId: number;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    project = createProjectDb(join(temp.dir, 'project'), 'Score maps');
    const files = writeModel(join(temp.dir, 'src'), 'colour', colourModel({ downsample: 2 }), colourCard({}, { resize: 'letterbox' }));
    modelId = (await addModel(project, files, probeInWorker)).id;
    ids.split = await addImageFile(project.db, project.dir, 'images/split.png', await splitImagePng(16, 8, [230, 10, 10], [10, 10, 230]));
    ids.missing = insertImage(project.db, 'images/missing.png', { width: 8, height: 6 });
    ids.resized = await addImageFile(project.db, project.dir, 'images/resized.png', await splitImagePng(8, 6, [10, 230, 10]));
    await runInference(project, { provider: 'cpu', storeProbs: true, retryFailed: false, workers: 1 });
  });
  afterAll(() => {
    project.close();
    temp.cleanup();
  });

  async function scoreMaps(images: Array<{ imageId: number; relPath: string; width: number; height: number }>): Promise<ScoreMapOutcome[]> {
    const runner = await ScoreMapRunner.open(project.dir, loadModel(project.db, modelId), { provider: 'cpu', workers: 1, batchSize: 2 });
    try {
      const out: ScoreMapOutcome[] = [];
      for await (const outcome of runner.run(images)) out.push(outcome);
      return out;
    } finally {
      await runner.close();
    }
  }

  it('gives each image its float32 probabilities in image order, matching what inference stores quantised', async () => {
    const outcomes = await scoreMaps([
      { imageId: ids.split!, relPath: 'images/split.png', width: 16, height: 8 },
      { imageId: ids.missing!, relPath: 'images/missing.png', width: 8, height: 6 },
      { imageId: ids.resized!, relPath: 'images/resized.png', width: 10, height: 10 },
    ]);
    expect(outcomes.map((o) => o.imageId)).toEqual([ids.split, ids.missing, ids.resized]);
    const split = outcomes[0]!;
    if ('error' in split) throw new Error(split.error);
    // 16×8 letterboxed into 8×6: scaled to 8×4 at row 1; the 4×3 score map covers the padding too.
    expect(split).toMatchObject({ classes: 3, h: 3, w: 4, plan: { srcW: 16, srcH: 8, scaledW: 8, scaledH: 4, offsetY: 1 } });
    const stored = decodeProbs(project.db.prepare('SELECT probs FROM predictions WHERE image_id = ?').pluck().get(ids.split) as Buffer);
    for (let i = 0; i < split.probs.length; i++) expect(Math.abs(split.probs[i]! - stored.probs[i]!)).toBeLessThanOrEqual(0.5 / 255 + 1e-6);
    for (let p = 0; p < 12; p++) expect(split.probs[p]! + split.probs[12 + p]! + split.probs[24 + p]!).toBeCloseTo(1, 6);

    expect(outcomes[1]).toMatchObject({ error: 'cannot read images/missing.png: ENOENT (no such file or directory)' });
    expect(outcomes[2]).toMatchObject({ error: 'the file is now 8×6 but was imported as 10×10; import it again' });
  });
});
