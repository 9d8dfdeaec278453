/**
 * Error classification speed: one model on a 1 000-image labelled set (128×96 synthetic street
 * masks, 8 classes), through the service exactly as `faultline errors` runs it (reference masks
 * and predictions read from SQLite and inflated, S0 statistics from 200 training masks, results
 * written). The ceiling is a plain read and inflate of the same masks in the same run; the pure
 * rules are also timed on masks already in memory. A second pass stores probabilities for the
 * model (rule 1 active, a competitor model as the agreeing one). Target: under 10 s on 2 cores.
 * Run: PATH=/work/main/node_modules/.bin:$PATH tsx test/bench/errors.ts
 */
import os from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { compileHierarchy, defaultHierarchy } from '../../shared/errors/classHierarchy.js';
import { classifyErrors } from '../../shared/errors/classifyErrors.js';
import { DEFAULT_ERROR_SETTINGS } from '../../shared/errors/errorSettings.js';
import { TrainingStatisticsBuilder } from '../../shared/errors/trainingStatistics.js';
import { mulberry32 } from '../../shared/mining/prng.js';
import { classifyModelErrors } from '../../electron/core/errors/classifyModelErrors.js';
import { encodeProbs } from '../../electron/core/inference/probsBlob.js';
import { createProjectDb } from '../../electron/core/store/openProjectDb.js';
import { seedImage, seedModel, seedPrediction } from '../helpers/seedPredictions.js';
import { makeTempDir } from '../helpers/tempDir.js';

const W = 128;
const H = 96;
const IMAGES = 1000;
const TRAIN = 200;
const CLASSES = [
  { id: 0, name: 'background', superclass: 'void' },
  { id: 1, name: 'road', superclass: 'flat' },
  { id: 2, name: 'sky', superclass: 'sky' },
  { id: 3, name: 'car', superclass: 'vehicle' },
  { id: 4, name: 'truck', superclass: 'vehicle' },
  { id: 5, name: 'building', superclass: 'construction' },
  { id: 6, name: 'person', superclass: 'human' },
  { id: 7, name: 'pole', superclass: 'structure' },
];
const K = CLASSES.length;

function fill(map: Uint8Array, x0: number, y0: number, w: number, h: number, v: number): void {
  for (let y = Math.max(0, y0); y < Math.min(H, y0 + h); y++) map.fill(v, y * W + Math.max(0, x0), y * W + Math.min(W, x0 + w));
}

interface SceneObject {
  x: number;
  y: number;
  w: number;
  h: number;
  c: number;
}

/** Sky, buildings, road; 1–4 cars or trucks, 0–3 people, 0–2 poles. */
function scene(next: () => number): { mask: Uint8Array; objects: SceneObject[] } {
  const mask = new Uint8Array(W * H);
  const horizon = 30 + Math.floor(next() * 12);
  fill(mask, 0, 0, W, horizon, 2);
  for (let x = 0; x < W; x += 16 + Math.floor(next() * 16)) fill(mask, x, horizon - 10 - Math.floor(next() * 14), 12 + Math.floor(next() * 10), 40, 5);
  fill(mask, 0, horizon + 10, W, H, 1);
  const objects: SceneObject[] = [];
  const add = (c: number, w: number, h: number, yMin: number) => {
    const o = { x: Math.floor(next() * (W - w)), y: yMin + Math.floor(next() * (H - h - yMin)), w, h, c };
    fill(mask, o.x, o.y, o.w, o.h, o.c);
    objects.push(o);
  };
  for (let i = 0, n = 1 + Math.floor(next() * 4); i < n; i++) add(next() < 0.8 ? 3 : 4, 14 + Math.floor(next() * 10), 8 + Math.floor(next() * 6), horizon + 12);
  for (let i = 0, n = Math.floor(next() * 4); i < n; i++) add(6, 4 + Math.floor(next() * 3), 10 + Math.floor(next() * 6), horizon + 4);
  for (let i = 0, n = Math.floor(next() * 3); i < n; i++) add(7, 2, 24 + Math.floor(next() * 10), horizon - 8);
  return { mask, objects };
}

/** A model that is right on most objects and makes every kind of mistake on some. */
function predict(next: () => number, { mask, objects }: { mask: Uint8Array; objects: SceneObject[] }, skill: number): Uint8Array {
  const p = mask.slice();
  for (const o of objects) {
    const r = next();
    if (r < skill) continue;
    const kind = Math.floor(next() * 5);
    if (kind === 0) fill(p, o.x, o.y, o.w, o.h, 0);
    else if (kind === 1) fill(p, o.x, o.y, o.w, Math.ceil(o.h / 3), 1);
    else if (kind === 2) fill(p, o.x - 1, o.y - 1, o.w + 2, o.h + 2, o.c);
    else if (kind === 3) fill(p, o.x, o.y, o.w, o.h, o.c === 3 ? 4 : o.c === 4 ? 3 : 7);
    else fill(p, o.x, o.y, Math.ceil(o.w / 2), o.h, 2);
  }
  if (next() < 0.3) fill(p, Math.floor(next() * (W - 6)), Math.floor(next() * 20), 6, 4, 6);
  for (let i = 0; i < 40; i++) p[Math.floor(next() * p.length)] = Math.floor(next() * K);
  return p;
}

/** Probabilities at the image's resolution (the seeded card stretches): 0.9 on the predicted class. */
function probsFor(prediction: Uint8Array): Uint8Array {
  const probs = new Float32Array(K * W * H).fill(0.1 / (K - 1));
  prediction.forEach((c, i) => (probs[c * W * H + i] = 0.9));
  return encodeProbs(probs, K, H, W);
}

function seconds(ms: number): number {
  return +(ms / 1000).toFixed(3);
}

async function main() {
  const temp = makeTempDir('faultline-bench-errors-');
  try {
    const dir = join(temp.dir, 'p');
    const project = createProjectDb(dir, 'bench');
    const { db } = project;
    const insertClass = db.prepare("INSERT INTO classes (id, name, color, superclass) VALUES (?, ?, '#808080', ?)");
    for (const c of CLASSES) insertClass.run(c.id, c.name, c.superclass);
    const next = mulberry32(7);
    const t0 = performance.now();
    const modelId = seedModel(db, 'target', true);
    const rivalId = seedModel(db, 'rival');
    const scenes: Array<{ mask: Uint8Array; prediction: Uint8Array }> = [];
    db.transaction(() => {
      for (let i = 0; i < TRAIN; i++) seedImage(db, { hash: `s0-${i}`, split: 'train', width: W, height: H, mask: scene(next).mask });
      for (let i = 0; i < IMAGES; i++) {
        const s = scene(next);
        const id = seedImage(db, { hash: `t0-${i}`, split: 'test', width: W, height: H, mask: s.mask });
        const prediction = predict(next, s, 0.6);
        seedPrediction(db, id, modelId, prediction, K);
        seedPrediction(db, id, rivalId, predict(next, s, 0.5), K);
        scenes.push({ mask: s.mask, prediction });
      }
    })();
    const seedMs = performance.now() - t0;

    // Ceiling: read and inflate every reference and prediction the run needs, nothing else.
    const t1 = performance.now();
    const rows = db
      .prepare("SELECT g.mask, p.label_map FROM images i JOIN ground_truth g ON g.image_id = i.id JOIN prediction_maps p ON p.image_id = i.id AND p.model_id = ? WHERE i.split = 'test'")
      .all(modelId) as Array<{ mask: Buffer; label_map: Buffer }>;
    let checksum = 0;
    for (const r of rows) checksum += inflateSync(r.mask)[0]! + inflateSync(r.label_map)[0]!;
    const readMs = performance.now() - t1;

    // The pure rules on masks already in memory.
    const builder = new TrainingStatisticsBuilder(K, { connectivity: DEFAULT_ERROR_SETTINGS.connectivity, minRegionPixels: DEFAULT_ERROR_SETTINGS.minRegionPixels });
    for (const s of scenes.slice(0, TRAIN)) builder.addMask(s.mask, W, H);
    const stats = builder.finish();
    const hierarchy = compileHierarchy(defaultHierarchy(CLASSES), CLASSES);
    const t2 = performance.now();
    let regions = 0;
    for (const s of scenes) regions += classifyErrors(s.mask, s.prediction, { width: W, height: H, numClasses: K, stats, hierarchy, settings: DEFAULT_ERROR_SETTINGS }).regions.length;
    const rulesMs = performance.now() - t2;

    const t3 = performance.now();
    const [run] = await classifyModelErrors(db, { modelIds: [modelId], sets: ['T0'] });
    const serviceMs = performance.now() - t3;

    const update = db.prepare('UPDATE predictions SET probs = ? WHERE image_id = ? AND model_id = ?');
    const ids = db.prepare("SELECT id FROM images WHERE split = 'test' ORDER BY id").pluck().all() as number[];
    db.transaction(() => ids.forEach((id, i) => update.run(probsFor(scenes[i]!.prediction), id, modelId)))();
    const t4 = performance.now();
    const [withProbs] = await classifyModelErrors(db, { modelIds: [modelId], sets: ['T0'] });
    const probsMs = performance.now() - t4;
    project.close();

    const cpus = os.cpus();
    console.log(
      JSON.stringify(
        {
          machine: { cpus: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.arch()}` },
          threads: 1,
          sizes: { images: IMAGES, width: W, height: H, classes: K, s0Masks: TRAIN, regionsPerImage: +(regions / IMAGES).toFixed(1) },
          seedSeconds: seconds(seedMs),
          classify: {
            seconds: seconds(serviceMs),
            imagesPerSecond: Math.round(IMAGES / (serviceMs / 1000)),
            targetSeconds: 10,
            meetsTarget: serviceMs < 10_000,
            labelErrorRule: run!.labelErrorRule,
            regions: Object.fromEntries(Object.entries(run!.totals).map(([c, t]) => [c, t.regions])),
          },
          ceilingReadAndInflate: { seconds: seconds(readMs), ratioClassifyToCeiling: +(serviceMs / readMs).toFixed(2), checksum },
          pureRulesInMemory: { seconds: seconds(rulesMs), msPerImage: +(rulesMs / IMAGES).toFixed(3) },
          classifyWithProbabilities: {
            seconds: seconds(probsMs),
            labelErrorRule: withProbs!.labelErrorRule,
            probsImages: withProbs!.probsImages,
            labelErrors: withProbs!.totals.label_error.regions,
            ratioToWithout: +(probsMs / serviceMs).toFixed(2),
          },
        },
        null,
        2,
      ),
    );
  } finally {
    temp.cleanup();
  }
}

await main();
