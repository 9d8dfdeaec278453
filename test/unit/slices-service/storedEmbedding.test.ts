import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelCard } from '../../../shared/models/modelCard.js';
import { refusalPieces } from '../../../shared/models/refusalFields.js';
import { SliceParams } from '../../../shared/slices/sliceParams.js';
import { runInference } from '../../../electron/core/inference/runInference.js';
import { probeInWorker } from '../../../electron/core/inference/probeInWorker.js';
import { inspectModel } from '../../../electron/core/models/inspectModel.js';
import { addModel } from '../../../electron/core/models/modelRegistry.js';
import { ModelRefusedError } from '../../../electron/core/models/modelRefusal.js';
import { resolveEmbedder } from '../../../electron/core/slices/embedders.js';
import { loadEmbeddings, updateEmbeddings } from '../../../electron/core/slices/embeddingStore.js';
import { runSlices } from '../../../electron/core/slices/runSlices.js';
import { readSliceReport } from '../../../electron/core/slices/sliceReport.js';
import { loadModel } from '../../../electron/core/store/models.js';
import { createProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { predictionEmbeddingReader } from '../../../electron/core/store/predictions.js';
import { featureMapModel, HEIGHT, WIDTH, writeOnnx } from '../../fixtures/models/exportedModels.js';
import { referenceEmbedding } from '../../fixtures/models/referenceScores.js';
import { colourCard } from '../../fixtures/models/tinyModels.js';
import { makeTempDir } from '../../helpers/tempDir.js';

/**
 * A model whose final layer is a 3×3 convolution names a feature map beside it as its card's
 * embedding: inference stores each image's pooled vector with the prediction, and slice
 * discovery reads those instead of running the model again, here with the model's file gone.
 */

const IMAGES = 40;

function card(embedding: unknown = { tensorName: 'stage' }, name = 'feature-map'): Record<string, unknown> {
  return { ...colourCard({ name }), cardVersion: 2, output: { tensorName: 'logits', kind: 'logits', layout: 'NCHW' }, embedding };
}

/** Image i: a seeded mix of colours, darker for odd i, so the images' features differ. */
function pixels(i: number): Uint8Array {
  const rgb = new Uint8Array(WIDTH * HEIGHT * 3);
  let s = (i + 1) * 2654435761;
  for (let p = 0; p < rgb.length; p++) {
    s = (s * 1103515245 + 12345) >>> 0;
    rgb[p] = ((s >>> 16) % 256) >> (i % 2);
  }
  return rgb;
}

const png = (rgb: Uint8Array): Promise<Buffer> => sharp(Buffer.from(rgb), { raw: { width: WIDTH, height: HEIGHT, channels: 3 } }).png().toBuffer();

function addLabelledImage(project: ProjectDb, name: string, file: Buffer, mask: Uint8Array): number {
  writeOnnx(join(project.dir, 'images'), name, file);
  const { db } = project;
  const id = Number(
    db
      .prepare("INSERT INTO images (content_hash, rel_path, source_path, width, height, split, status, imported_at) VALUES (?, ?, ?, ?, ?, 'test', 'ok', '2026-01-01T00:00:00Z')")
      .run(`h-${name}`, `images/${name}`, name, WIDTH, HEIGHT).lastInsertRowid,
  );
  db.prepare("INSERT INTO ground_truth (image_id, mask, source, created_at) VALUES (?, ?, 'import', '2026-01-01T00:00:00Z')").run(id, deflateSync(mask));
  return id;
}

describe('an embedding named by the card, stored by inference, read by slices', () => {
  const temp = makeTempDir();
  let project: ProjectDb;
  let modelId: number;
  let onnxPath: string;
  const ids: number[] = [];

  beforeAll(async () => {
    project = createProjectDb(join(temp.dir, 'project'), 'Embedding');
    const src = join(temp.dir, 'src');
    onnxPath = writeOnnx(src, 'feature-map.onnx', featureMapModel());
    const cardPath = join(src, 'feature-map.card.json');
    writeFileSync(cardPath, JSON.stringify(card()));
    modelId = (await addModel(project, { onnxPath, cardPath, target: true }, probeInWorker)).id;
    for (let i = 0; i < IMAGES; i++) {
      // Reference masks: class i % 3 on the left half, 0 on the right, so image mIoU varies.
      const mask = Uint8Array.from({ length: WIDTH * HEIGHT }, (_, p) => (p % WIDTH < WIDTH / 2 ? i % 3 : 0));
      ids.push(addLabelledImage(project, `img-${i}.png`, await png(pixels(i)), mask));
    }
    const summary = await runInference(project, { provider: 'cpu', storeProbs: false, retryFailed: false, workers: 1 });
    expect(summary).toMatchObject({ processed: IMAGES, failed: 0 });
  }, 120_000);
  afterAll(() => {
    project?.close();
    temp.cleanup();
  });

  it('stores with each prediction the feature map pooled per channel, as a direct session.run gives it', async () => {
    const stored = predictionEmbeddingReader(project.db);
    const parsed = ModelCard.parse(card());
    // The reference graph declares 'stage' as an output itself; the registered one leaves it intermediate.
    const declared = featureMapModel(true);
    for (const i of [0, 1, 7]) {
      const expected = await referenceEmbedding(declared, parsed, pixels(i), 'stage');
      const got = stored(ids[i]!, modelId)!;
      expect(got).toHaveLength(5);
      Array.from(got).forEach((v, c) => expect(v).toBeCloseTo(expected[c]!, 5));
    }
    expect(new Set(ids.map((id) => stored(id, modelId)![0]!.toFixed(5))).size).toBeGreaterThan(IMAGES / 2);
  });

  it('finds slices from the stored embeddings with the model file gone: no session is opened', async () => {
    // Any session (inference or the slices' own) reads this file first and refuses a missing one.
    renameSync(join(project.dir, loadModel(project.db, modelId).onnxRelPath), join(temp.dir, 'moved.onnx'));
    try {
      const params = SliceParams.parse({ population: 'labelled', embedding: 'target', captioner: 'off', seed: 3 });
      const { runId } = await runSlices(project, { params }, undefined, { userDataDir: join(temp.dir, 'home') });
      const report = readSliceReport(project.db, { runId })!;
      expect(report.embedding).toMatchObject({ source: 'features', dims: 5 });
      expect(report.population.images).toBe(IMAGES);
      const table = loadEmbeddings(project.db, `model:${modelId}`, ids);
      const stored = predictionEmbeddingReader(project.db);
      expect(table.imageIds).toEqual(ids);
      ids.forEach((id, row) => expect(Array.from(table.vectors.subarray(row * 5, row * 5 + 5))).toEqual(Array.from(stored(id, modelId)!)));
      // Appearance is still measured: the odd images are darker.
      expect(table.brightness[1]!).toBeLessThan(table.brightness[0]!);
    } finally {
      renameSync(join(temp.dir, 'moved.onnx'), join(project.dir, loadModel(project.db, modelId).onnxRelPath));
    }
  }, 120_000);

  it('runs the model only for an image inference has not reached, and gets the vector inference would store', async () => {
    const model = loadModel(project.db, modelId);
    const env = { projectDir: project.dir, userDataDir: join(temp.dir, 'home'), db: project.db };
    // The same pixels as image 7, imported after inference ran.
    const late = addLabelledImage(project, 'late.png', await png(pixels(7)), new Uint8Array(WIDTH * HEIGHT));
    const embedder = await resolveEmbedder(env, model, 'target');
    const renamed = join(temp.dir, 'moved.onnx');
    renameSync(join(project.dir, model.onnxRelPath), renamed);
    await expect(updateEmbeddings(project, embedder, [late])).rejects.toThrow(/file of model feature-map 1\.0 is missing/);
    renameSync(renamed, join(project.dir, model.onnxRelPath));
    expect(await updateEmbeddings(project, embedder, [late])).toEqual({ computed: 1, failed: 0 });
    const table = loadEmbeddings(project.db, embedder.key, [late]);
    const inferred = predictionEmbeddingReader(project.db)(ids[7]!, modelId)!;
    Array.from(table.vectors).forEach((v, c) => expect(v).toBeCloseTo(inferred[c]!, 6));
  }, 60_000);
});

describe('models.add with an embedding: the draft suggests one, a wrong one is refused', () => {
  const temp = makeTempDir();
  let project: ProjectDb;
  beforeAll(() => {
    project = createProjectDb(join(temp.dir, 'project'), 'Refusals');
  });
  afterAll(() => {
    project?.close();
    temp.cleanup();
  });

  async function refusal(bytes: Uint8Array, embedding: unknown): Promise<ModelRefusedError> {
    const src = join(temp.dir, 'src');
    const onnxPath = writeOnnx(src, 'm.onnx', bytes);
    const cardPath = join(src, 'm.card.json');
    writeFileSync(cardPath, JSON.stringify(card(embedding)));
    try {
      await addModel(project, { onnxPath, cardPath }, probeInWorker);
    } catch (error) {
      expect(error).toBeInstanceOf(ModelRefusedError);
      return error as ModelRefusedError;
    }
    throw new Error('expected a refusal');
  }

  it('drafts the extra rank-4 output as the embedding, marked guessed, and registers the draft unchanged', async () => {
    const onnxPath = writeOnnx(join(temp.dir, 'draft'), 'side-outputs.onnx', featureMapModel(true));
    const { card: draft, unsure } = await inspectModel(onnxPath);
    expect(draft.output.tensorName).toBe('logits');
    expect(draft.embedding).toEqual({ tensorName: 'stage', layout: 'NCHW' });
    expect(unsure).toContain('embedding');
    const cardPath = join(temp.dir, 'draft', 'side-outputs.card.json');
    writeFileSync(cardPath, JSON.stringify(draft));
    const added = await addModel(project, { onnxPath, cardPath }, probeInWorker);
    expect(loadModel(project.db, added.id).card.embedding).toEqual({ tensorName: 'stage', layout: 'NCHW' });
  });

  it('a tensor the graph does not have, naming the field, its other rank-4 outputs and the fix', async () => {
    const error = await refusal(featureMapModel(true), { tensorName: 'stag' });
    expect(error.reason).toBe('embedding');
    expect(error.message).toBe(
      "The model was refused: the card's embedding.tensorName 'stag' is not a tensor of the graph: name a rank-4 feature map that a node of the graph produces (its other rank-4 outputs: 'stage'), or leave embedding out.",
    );
    expect(refusalPieces(error.message)[0]!.fields).toEqual(['embedding.tensorName']);
  });

  it('a rank-2 tensor, whether the graph declares its shape or only the dry run shows it', async () => {
    const declared = await refusal(featureMapModel(true), { tensorName: 'pooled' });
    expect(declared.reason).toBe('embedding');
    expect(declared.message).toContain("embedding 'pooled' is declared with rank 2 (N×5); embedding.tensorName must name a rank-4 feature map");
    const seen = await refusal(featureMapModel(false), { tensorName: 'pooled' });
    expect(seen.reason).toBe('embedding');
    expect(seen.message).toContain("on the dry run, embedding 'pooled' came out with rank 2 (1×5); embedding.tensorName must name a rank-4 feature map");
    expect(seen.message).toMatch(/or leave embedding out\.$/);
    expect(project.db.prepare("SELECT count(*) FROM models WHERE name = 'feature-map'").pluck().get()).toBe(0);
  });
});
