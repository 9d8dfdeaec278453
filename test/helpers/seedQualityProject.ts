import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { ModelCard } from '../../shared/models/modelCard.js';
import { encodeProbs } from '../../electron/core/inference/probsBlob.js';
import { runInference } from '../../electron/core/inference/runInference.js';
import { createProjectDb, type ProjectDb } from '../../electron/core/store/openProjectDb.js';
import { probeInWorker } from '../../electron/core/inference/probeInWorker.js';
import { addModel } from '../../electron/core/models/modelRegistry.js';
import { colourCard, colourModel, COLOUR_CLASSES, writeModel } from '../fixtures/models/tinyModels.js';

type Rgb = [number, number, number];
const RED: Rgb = [230, 10, 10];
const GREEN: Rgb = [10, 230, 10];
const BLUE: Rgb = [10, 10, 230];

export const QUALITY_CLASSES = COLOUR_CLASSES;
const [R, G, B] = [0, 1, 2];
const VOID = 255;

interface SeedImageSpec {
  name: string;
  colour: Rgb;
  split: 'train' | 'test' | 'pool';
  /** Class of pixel (x, y), or null for no mask at all. */
  mask: ((x: number, y: number, width: number, height: number) => number) | null;
}

/**
 * Solid-colour images for the colour model (class k = colour channel k), so every prediction is
 * known by hand. Image "bad" is green but its mask calls its left half red: the one label error.
 */
const IMAGES: SeedImageSpec[] = [
  { name: 'red', colour: RED, split: 'train', mask: () => R },
  { name: 'green', colour: GREEN, split: 'train', mask: () => G },
  { name: 'blue', colour: BLUE, split: 'train', mask: () => B },
  { name: 'bad', colour: GREEN, split: 'train', mask: (x, _y, w) => (x < w / 2 ? R : G) },
  { name: 'half-void', colour: RED, split: 'train', mask: (_x, y, _w, h) => (y < h / 2 ? R : VOID) },
  { name: 'test-blue', colour: BLUE, split: 'test', mask: () => B },
  { name: 'pool-red', colour: RED, split: 'pool', mask: null },
];

export interface QualitySeed {
  /** Image ids by name: red, green, blue, bad, half-void, test-blue, pool-red. */
  ids: Record<string, number>;
  modelId: number;
  width: number;
  height: number;
}

function maskOf(spec: SeedImageSpec, width: number, height: number): Uint8Array | null {
  if (spec.mask === null) return null;
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) mask[y * width + x] = spec.mask(x, y, width, height);
  return mask;
}

/** The colour model's probabilities for one colour: softmax of 10 × channel / 255. */
export function colourProbabilities([r, g, b]: Rgb): number[] {
  const logits = [r, g, b].map((c) => (10 * c) / 255);
  const max = Math.max(...logits);
  const e = logits.map((z) => Math.exp(z - max));
  const sum = e.reduce((a, v) => a + v, 0);
  return e.map((v) => v / sum);
}

function insertImages(project: ProjectDb, width: number, height: number): Record<string, number> {
  const ids: Record<string, number> = {};
  const now = new Date().toISOString();
  for (const spec of IMAGES) {
    const relPath = `images/${spec.name}.png`;
    const id = Number(
      project.db
        .prepare('INSERT INTO images (content_hash, rel_path, width, height, split, imported_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(`quality-${spec.name}`, relPath, width, height, spec.split, now).lastInsertRowid,
    );
    const mask = maskOf(spec, width, height);
    if (mask) project.db.prepare("INSERT INTO ground_truth (image_id, mask, source, created_at) VALUES (?, ?, 'seed', ?)").run(id, deflateSync(mask), now);
    ids[spec.name] = id;
  }
  return ids;
}

async function writeImageFiles(dir: string, width: number, height: number): Promise<void> {
  mkdirSync(join(dir, 'images'), { recursive: true });
  for (const spec of IMAGES) {
    const [r, g, b] = spec.colour;
    await sharp({ create: { width, height, channels: 3, background: { r, g, b } } })
      .png()
      .toFile(join(dir, 'images', `${spec.name}.png`));
  }
}

/** Stored predictions as inference with --store-probs writes them: label map, fractions, and the probabilities on an 8×6 score map. */
function storePredictions(project: ProjectDb, modelId: number, ids: Record<string, number>, width: number, height: number): void {
  const insert = project.db.prepare(
    'INSERT INTO predictions (image_id, model_id, class_fractions, mean_entropy, mean_margin, probs, created_at) VALUES (?, ?, ?, 0, 1, ?, ?)',
  );
  const insertMap = project.db.prepare('INSERT INTO prediction_maps (image_id, model_id, label_map) VALUES (?, ?, ?)');
  const [w, h] = [8, 6];
  for (const spec of IMAGES) {
    const p = colourProbabilities(spec.colour);
    const probs = new Float32Array(3 * w * h);
    for (let k = 0; k < 3; k++) probs.fill(p[k]!, k * w * h, (k + 1) * w * h);
    const best = p.indexOf(Math.max(...p));
    const fractions = new Float32Array(3);
    fractions[best] = 1;
    insert.run(ids[spec.name], modelId, Buffer.from(fractions.buffer), Buffer.from(encodeProbs(probs, 3, h, w)), new Date().toISOString());
    insertMap.run(ids[spec.name], modelId, deflateSync(new Uint8Array(width * height).fill(best)));
  }
}

/**
 * A closed project for label quality: five S0 images (one with a wrong half), a T0 image and a
 * pool image. `onnx`: the real colour model (8×6 input, 4×3 score map) is imported and inference
 * run with stored probabilities; `stored`: a model row without a file and stored probabilities
 * written directly (for the browser tests, which cannot run workers from sources).
 */
export async function seedQualityProject(dir: string, options: { model: 'onnx' | 'stored'; width?: number; height?: number }): Promise<QualitySeed> {
  const width = options.width ?? 16;
  const height = options.height ?? 12;
  const project = createProjectDb(dir, 'Label quality');
  try {
    await writeImageFiles(dir, width, height);
    let modelId: number;
    if (options.model === 'onnx') {
      const files = writeModel(join(dir, '..', `${dir.split('/').pop()}-model`), 'colour', colourModel({ downsample: 2 }), colourCard());
      modelId = (await addModel(project, { ...files, target: true }, probeInWorker)).id;
      const ids = insertImages(project, width, height);
      await runInference(project, { provider: 'cpu', storeProbs: true, retryFailed: false, workers: 1 });
      return { ids, modelId, width, height };
    }
    const insertClass = project.db.prepare('INSERT INTO classes (id, name, color, superclass) VALUES (?, ?, ?, NULL)');
    for (const c of QUALITY_CLASSES) insertClass.run(c.id, c.name, c.color);
    const card = ModelCard.parse(colourCard());
    modelId = Number(
      project.db
        .prepare("INSERT INTO models (name, version, onnx_path, onnx_hash, card, class_map, is_target, created_at) VALUES ('colour', '1.0', 'models/colour.onnx', 'x', ?, '[0,1,2]', 1, ?)")
        .run(JSON.stringify(card), new Date().toISOString()).lastInsertRowid,
    );
    const ids = insertImages(project, width, height);
    storePredictions(project, modelId, ids, width, height);
    return { ids, modelId, width, height };
  } finally {
    project.close();
  }
}
