import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { ArchitectureDesign } from '../../models/demo/architectures/architecture.js';
import { contextPyramid } from '../../models/demo/architectures/contextPyramid.js';
import { DEMO_CLASS_COUNT } from '../../models/demo/classes.js';
import { fitDesign, type LabelledImage } from '../../models/demo/fitDesign.js';
import { encodeRgbPng, renderScene } from '../../models/demo/scenes/renderScene.js';
import type { ConditionTag } from '../../models/demo/scenes/sceneConditions.js';
import { generateScene } from '../../models/demo/scenes/streetScene.js';
import { DEMO_IMAGE_SIZE, sceneSeed } from '../../models/demo/worldLayout.js';
import { createCpuSession, runNchw } from '../../models/onnx/ortSession.js';
import { argmaxNchw, rgbToNchw } from '../../models/onnx/preprocess.js';
import { EvalConfusion, scoresFromConfusion } from '../../shared/evaluation/segmentationScores.js';
import type { ModelCard } from '../../shared/models/modelCard.js';
import { createProjectDb, type ProjectDb } from '../../electron/core/store/openProjectDb.js';
import { setClasses } from '../../electron/core/project/classes.js';
import { probeInWorker } from '../../electron/core/inference/probeInWorker.js';
import { addModel } from '../../electron/core/models/modelRegistry.js';

export interface FinetuneWorld {
  project: ProjectDb;
  modelId: number;
  card: ModelCard;
  bytes: Uint8Array;
  oldIds: number[];
  newIds: number[];
  oldImages: LabelledImage[];
  newImages: LabelledImage[];
}

export interface FinetuneWorldOptions {
  seed?: number;
  /** Ordinary training scenes: S0, and what the model is fitted on. */
  train?: number;
  /** Pool scenes carrying `condition`: the counterexamples S. */
  hard?: number;
  condition?: ConditionTag;
  design?: ArchitectureDesign;
}

const { width, height } = DEMO_IMAGE_SIZE;

async function render(seed: number, split: 'train' | 'pool'): Promise<LabelledImage> {
  const { rgb, mask } = await renderScene(generateScene(seed, split, width, height));
  return { rgb, mask };
}

/** Pool scenes with the condition, found by generating scenes (cheap) and rendering only the matches. */
async function hardScenes(worldSeed: number, count: number, condition: ConditionTag): Promise<LabelledImage[]> {
  const found: LabelledImage[] = [];
  for (let index = 0; found.length < count; index++) {
    const seed = sceneSeed(worldSeed, 'pool', index);
    if (generateScene(seed, 'pool', width, height).conditions.tags.includes(condition)) found.push(await render(seed, 'pool'));
  }
  return found;
}

/**
 * A small project for fine-tuning: a demo design fitted on a few ordinary training scenes (S0,
 * ground truth on the train split) and registered as the target, plus scenes of a condition the
 * training data lacks (night, by default) as a counterexample set with reference masks.
 */
export async function seedFinetuneProject(dir: string, options: FinetuneWorldOptions = {}): Promise<FinetuneWorld> {
  const seed = options.seed ?? 7;
  const design = options.design ?? contextPyramid;
  const oldImages: LabelledImage[] = [];
  for (let i = 0; i < (options.train ?? 10); i++) oldImages.push(await render(sceneSeed(seed, 'train', i), 'train'));
  const newImages = await hardScenes(seed, options.hard ?? 6, options.condition ?? 'night');
  const fitted = await fitDesign(design, oldImages, DEMO_IMAGE_SIZE, { seed, pixelsPerImage: 160, epochs: 6 });

  const project = createProjectDb(dir, 'Fine-tune');
  const { db } = project;
  setClasses(db, fitted.card.classes.map((c) => ({ ...c })));
  const now = new Date().toISOString();
  const insert = (name: string, image: LabelledImage, split: 'train' | 'pool'): number => {
    const rel = `images/${name}.png`;
    mkdirSync(join(dir, 'images'), { recursive: true });
    writeFileSync(join(dir, rel), encodeRgbPng(image.rgb, width, height));
    const id = Number(
      db
        .prepare('INSERT INTO images (content_hash, rel_path, width, height, split, imported_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(`finetune-${seed}-${name}`, rel, width, height, split, now).lastInsertRowid,
    );
    db.prepare("INSERT INTO ground_truth (image_id, mask, source, created_at) VALUES (?, ?, 'seed', ?)").run(id, deflateSync(image.mask), now);
    return id;
  };
  const oldIds = oldImages.map((image, i) => insert(`train-${i}`, image, 'train'));
  const newIds = newImages.map((image, i) => insert(`hard-${i}`, image, 'pool'));
  const setId = Number(db.prepare("INSERT INTO test_sets (name, kind, created_at) VALUES ('S1', 'counterexamples', ?)").run(now).lastInsertRowid);
  for (const id of newIds) db.prepare('INSERT INTO test_set_images (test_set_id, image_id) VALUES (?, ?)').run(setId, id);

  const source = join(dir, '..', `${design.name}-source`);
  mkdirSync(source, { recursive: true });
  writeFileSync(join(source, 'model.onnx'), fitted.bytes);
  writeFileSync(join(source, 'model.card.json'), JSON.stringify(fitted.card));
  const entry = await addModel(project, { onnxPath: join(source, 'model.onnx'), cardPath: join(source, 'model.card.json'), target: true }, probeInWorker);
  return { project, modelId: entry.id, card: fitted.card, bytes: fitted.bytes, oldIds, newIds, oldImages, newImages };
}

/** mIoU of a demo model (its ONNX bytes) on labelled images, run directly in onnxruntime. */
export async function demoMiou(bytes: Uint8Array, card: ModelCard, images: readonly LabelledImage[]): Promise<number> {
  const session = await createCpuSession(bytes);
  const pixels = width * height;
  const confusion = new EvalConfusion(DEMO_CLASS_COUNT);
  const predicted = new Uint8Array(pixels);
  try {
    for (const image of images) {
      const input = new Float32Array(3 * pixels);
      rgbToNchw(image.rgb, pixels, { scale: card.input.scale, mean: card.input.mean, std: card.input.std }, input);
      const out = await runNchw(session, card.input.tensorName, card.output.tensorName, input, [1, 3, height, width]);
      argmaxNchw(out.data, DEMO_CLASS_COUNT, pixels, 0, predicted);
      confusion.add(image.mask, predicted);
    }
  } finally {
    await session.release();
  }
  const miou = scoresFromConfusion(confusion).miou;
  if (miou === null) throw new Error('no labelled pixels to score');
  return miou;
}
