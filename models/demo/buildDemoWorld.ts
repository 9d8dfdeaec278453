import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';
import { lookahead } from '../concurrency.js';
import { contextPyramid } from './architectures/contextPyramid.js';
import { colourMlp } from './architectures/colourMlp.js';
import { localFilters } from './architectures/localFilters.js';
import { textureEnergy } from './architectures/textureEnergy.js';
import type { ArchitectureDesign } from './architectures/architecture.js';
import { DEMO_CLASSES, DEMO_CLASS_COUNT, DEMO_IGNORE_INDEX } from './classes.js';
import { DemoOracleIndex, DemoWorldManifest, type DemoModelEntry } from './demoWorldManifest.js';
import { ModelEvaluator } from './evaluateModels.js';
import { fitDesign, type FittedModel } from './fitDesign.js';
import { RenderPool } from './renderPool.js';
import { renderFolders, type RenderTask, type RenderedWorldImage } from './renderTask.js';
import { DEMO_IMAGE_SIZE, worldPaths } from './worldLayout.js';

/** The model designs of the demo world, in manifest order. */
export const DEMO_DESIGNS: readonly ArchitectureDesign[] = [colourMlp, localFilters, contextPyramid, textureEnergy];

/** The design the demo project treats as its target model: the strongest in ordinary scenes. */
export const DEMO_TARGET = contextPyramid.name;

export interface BuildDemoWorldOptions {
  seed?: number;
  trainSize?: number;
  testSize?: number;
  poolSize?: number;
  /**
   * Score every model on the pool for the manifest (default). The demo project turns it off: it
   * predicts every pool image anyway and scores those predictions against the oracle instead of
   * running every model over the pool twice.
   */
  scorePool?: boolean;
  /** Worker threads that render scenes; 0 renders on the calling thread. Default: cores, at most 4. */
  renderWorkers?: number;
  /** Reports progress per stage: 'labelled', 'fit', 'test', 'pool', 'write'. */
  onProgress?: (stage: string, done: number, total: number) => void;
  signal?: AbortSignal;
}

/** Pool images rendered ahead of scoring: keeps the workers busy during fitting, bounds memory. */
const LOOKAHEAD = 400;
/** Pool images scored per inference pass. */
const EVAL_CHUNK = 16;
const PIXELS_PER_IMAGE = 160;
const EPOCHS = 6;
const EMPTY = new Uint8Array(0);

async function fitAll(
  train: readonly RenderedWorldImage[],
  signal: AbortSignal | undefined,
  progress: (stage: string, done: number, total: number) => void,
  seed: number,
): Promise<FittedModel[]> {
  const fitted: FittedModel[] = [];
  for (const design of DEMO_DESIGNS) {
    progress('fit', fitted.length, DEMO_DESIGNS.length);
    fitted.push(await fitDesign(design, train, DEMO_IMAGE_SIZE, { seed, pixelsPerImage: PIXELS_PER_IMAGE, epochs: EPOCHS, ...(signal ? { signal } : {}) }));
  }
  progress('fit', fitted.length, DEMO_DESIGNS.length);
  return fitted;
}

/**
 * Builds the demo world into outDir, deterministically for a seed (same bytes every time):
 * PNG images of a labelled training split, a labelled test split and an unlabelled pool, the
 * training and test masks, the pool's true masks kept apart as a simulation oracle, four ONNX
 * models of different designs fitted on the training split with their cards, and a manifest
 * with every model's mIoU on the test split and on the pool.
 */
export async function buildDemoWorld(outDir: string, options: BuildDemoWorldOptions = {}): Promise<DemoWorldManifest> {
  const seed = options.seed ?? 1;
  const trainSize = options.trainSize ?? 300;
  const testSize = options.testSize ?? 100;
  const poolSize = options.poolSize ?? 2000;
  const scorePool = options.scorePool ?? true;
  const { signal } = options;
  const progress = options.onProgress ?? (() => undefined);
  const size = DEMO_IMAGE_SIZE;
  for (const [name, value] of Object.entries({ seed, trainSize, testSize, poolSize })) {
    if (!Number.isSafeInteger(value) || value < (name === 'trainSize' ? 1 : 0)) throw new Error(`buildDemoWorld: ${name} must be a non-negative integer (trainSize at least 1), got ${value}`);
  }
  const write = async (rel: string, data: Uint8Array | string): Promise<void> => {
    await writeFile(path.join(outDir, rel), data);
  };
  await mkdir(path.join(outDir, 'models'), { recursive: true });

  const tasks: RenderTask[] = [];
  for (const [split, count] of [['train', trainSize], ['test', testSize], ['pool', poolSize]] as const) {
    if (count > 0) for (const folder of renderFolders(split)) await mkdir(path.join(outDir, folder), { recursive: true });
    for (let index = 0; index < count; index++) tasks.push({ outDir, worldSeed: seed, split, index, width: size.width, height: size.height });
  }
  const workers = options.renderWorkers ?? Math.min(4, Math.max(1, os.availableParallelism()));
  const renderer = new RenderPool(workers);
  let evaluator: ModelEvaluator | null = null;
  const pool: RenderedWorldImage[] = [];
  let train: RenderedWorldImage[] = [];
  let test: RenderedWorldImage[] = [];
  let fitted: FittedModel[] = [];
  try {
    // Workers render ahead (pool images included) while this thread fits and scores.
    const images = lookahead(tasks, trainSize + testSize + LOOKAHEAD, (task) => renderer.render(task))[Symbol.asyncIterator]();
    const labelledTotal = trainSize + testSize;
    let labelledDone = 0;
    const take = async (count: number, labelled: boolean): Promise<RenderedWorldImage[]> => {
      const taken: RenderedWorldImage[] = [];
      while (taken.length < count) {
        const next = await images.next();
        if (next.done) throw new Error('render stream ended early');
        signal?.throwIfAborted();
        taken.push(next.value);
        if (labelled) progress('labelled', ++labelledDone, labelledTotal);
      }
      return taken;
    };
    train = await take(trainSize, true);
    test = await take(testSize, true);

    fitted = await fitAll(train, signal, progress, seed);
    for (const m of fitted) {
      await write(worldPaths.model(m.design.name), m.bytes);
      await write(worldPaths.card(m.design.name), `${JSON.stringify(m.card, null, 2)}\n`);
    }
    evaluator = await ModelEvaluator.create(
      fitted.map((m) => ({ name: m.design.name, bytes: m.bytes, normalisation: m.design.normalisation })),
      size,
      DEMO_CLASS_COUNT,
    );
    progress('test', 0, testSize);
    await evaluator.evaluate(test, 'test');
    progress('test', testSize, testSize);

    while (pool.length < poolSize) {
      const chunk = await take(Math.min(EVAL_CHUNK, poolSize - pool.length), false);
      if (scorePool) await evaluator.evaluate(chunk, 'pool');
      // The pool is scored chunk by chunk and its pixels dropped, to bound memory.
      for (const r of chunk) pool.push({ ...r, rgb: EMPTY, mask: EMPTY });
      progress('pool', pool.length, poolSize);
    }
  } finally {
    await renderer.close();
    await evaluator?.release();
  }
  if (evaluator === null) throw new Error('unreachable: models were not fitted');

  const scores = evaluator;
  progress('write', 0, 1);
  const models: DemoModelEntry[] = fitted.map((m) => ({
    name: m.design.name,
    version: m.card.version,
    description: m.card.description,
    onnxRelPath: worldPaths.model(m.design.name),
    cardRelPath: worldPaths.card(m.design.name),
    isTarget: m.design.name === DEMO_TARGET,
    trainLoss: Math.round(m.trainLoss * 1e6) / 1e6,
    test: scores.metrics(m.design.name, 'test'),
    pool: scorePool ? scores.metrics(m.design.name, 'pool') : null,
  }));
  const labelled = [...train, ...test];
  const manifest = DemoWorldManifest.parse({
    formatVersion: 1,
    generator: 'faultline-demo-world',
    seed,
    imageWidth: size.width,
    imageHeight: size.height,
    classes: DEMO_CLASSES,
    ignoreIndex: DEMO_IGNORE_INDEX,
    images: [
      ...labelled.map((r) => ({ relPath: r.relPath, split: r.split, maskRelPath: r.maskRelPath })),
      ...pool.map((r) => ({ relPath: r.relPath, split: r.split, maskRelPath: null })),
    ],
    models,
    targetModel: DEMO_TARGET,
    oracleIndexRelPath: worldPaths.oracleIndex,
  });
  const oracleIndex = DemoOracleIndex.parse({
    formatVersion: 1,
    images: [...labelled, ...pool].map((r) => ({ imageRelPath: r.relPath, split: r.split, maskRelPath: r.maskRelPath, conditions: r.conditions })),
  });
  await write(worldPaths.oracleIndex, `${JSON.stringify(oracleIndex, null, 1)}\n`);
  await write(worldPaths.manifest, `${JSON.stringify(manifest, null, 1)}\n`);
  progress('write', 1, 1);
  return manifest;
}
