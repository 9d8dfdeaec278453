import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addModel } from '../../../electron/core/models/modelRegistry.js';
import { probeInWorker } from '../../../electron/core/inference/probeInWorker.js';
import { runInference } from '../../../electron/core/inference/runInference.js';
import { colourCard, colourModel, writeModel } from '../../fixtures/models/tinyModels.js';
import { storedImages, workspace, type Workspace } from '../images/importHelpers.js';
import { writeFile } from '../images/imageCorpus.js';
import { makeDicom } from '../dicom/dicomCorpus.js';

const W = 8;
const H = 6;
/** Air (−1000 HU) on the left half, bone (1000 HU) on the right, stored through a −1024 intercept. */
const HU = Array.from({ length: W * H }, (_, i) => (i % W < W / 2 ? -1000 : 1000));

/**
 * The colour model scores class k by 10 × tensor channel k. With the scale 1, mean and std below,
 * channel 0 is the value itself, channel 1 is about 500 whatever the value, channel 2 is the value
 * − 10: class 0 wins only where the value is above 500 (bone in HU), never on 8-bit pixels.
 */
const THRESHOLD_INPUT = { scale: 1, mean: [0, -5e8, 10], std: [1, 1e6, 1], resize: 'stretch' };

describe('inference on DICOM frames by the card windowing rule', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = workspace();
  });
  afterEach(() => ws.cleanup());

  async function addThresholdModel(name: string, input: Record<string, unknown>): Promise<number> {
    const card = colourCard({ cardVersion: 2, name, output: { tensorName: 'logits', kind: 'logits', layout: 'NCHW' } }, { ...THRESHOLD_INPUT, ...input });
    const files = writeModel(join(ws.root, 'models'), name, colourModel(), card);
    return (await addModel(ws.project, files, probeInWorker)).id;
  }

  const labelMap = (imageId: number, modelId: number): number[] =>
    Array.from(inflateSync(ws.project.db.prepare('SELECT label_map FROM prediction_maps WHERE image_id = ? AND model_id = ?').pluck().get(imageId, modelId) as Buffer));

  it('gives raw Hounsfield values to a raw-values model, and the stored 8-bit image to a model without a rule', async () => {
    writeFile(ws.source, 'IM0001', makeDicom({ rows: H, columns: W, values: HU.map((v) => v + 1024), bitsStored: 12, rescale: { slope: 1, intercept: -1024 } }));
    await ws.run();
    const [image] = storedImages(ws.project);
    const raw = await addThresholdModel('raw', { dicomWindow: { kind: 'raw' } });
    const stored = await addThresholdModel('stored', {});
    const summary = await runInference(ws.project, { provider: 'cpu', storeProbs: false, retryFailed: false, workers: 1 });
    expect(summary).toMatchObject({ processed: 2, failed: 0 });
    // Bone (1000 HU) is class 0 only where the model saw Hounsfield units.
    expect(labelMap(image!.id, raw)).toEqual(HU.map((v) => (v > 500 ? 0 : 1)));
    expect(labelMap(image!.id, stored)).toEqual(HU.map(() => 1));
  });
});
