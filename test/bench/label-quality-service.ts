/**
 * Label quality of a project (the quality service): a seeded project of N images W×H with the
 * colour model (3 classes, 64×48 input, 16×12 score map) and ground truth that is wrong on one
 * block in ten images. Prints one JSON object with the conditions and, per probability source, the
 * wall time of a whole run (scoring, mapping the flags back to image pixels, writing the run) next
 * to a ceiling measured in the same process:
 *
 * - stored: the confident-learning search alone over the same working grids held in memory;
 * - fresh: inference itself (`runInference` with stored probabilities over the same images), since
 *   a fresh run runs the model once per image and then only re-reads its score maps.
 *
 * Run: PATH=/work/main/node_modules/.bin:$PATH tsx test/bench/label-quality-service.ts [--images 120] [--width 320] [--height 240]
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { runInference } from '../../electron/core/inference/runInference.js';
import { loadModel } from '../../electron/core/store/models.js';
import { createProjectDb } from '../../electron/core/store/openProjectDb.js';
import { classSpace, scorableLabelLut } from '../../electron/core/quality/classSpace.js';
import { UNLABELLED } from '../../shared/labels/unlabelled.js';
import { rescoreImage } from '../../electron/core/quality/rescoreImage.js';
import { runLabelQuality } from '../../electron/core/quality/runLabelQuality.js';
import { setMembers } from '../../electron/core/quality/qualitySets.js';
import { planStoredSource, storedImageSource } from '../../electron/core/quality/storedSource.js';
import { memorySource } from '../../shared/quality/batchSource.js';
import { scoreLabelQuality } from '../../electron/core/quality/scoreLabelQuality.js';
import type { ImageBatch } from '../../shared/quality/types.js';
import { probeInWorker } from '../../electron/core/inference/probeInWorker.js';
import { addModel } from '../../electron/core/models/modelRegistry.js';
import { colourCard, colourModel, writeModel } from '../fixtures/models/tinyModels.js';
import { makeTempDir } from '../helpers/tempDir.js';

const { values: args } = parseArgs({
  options: { images: { type: 'string', default: '120' }, width: { type: 'string', default: '320' }, height: { type: 'string', default: '240' } },
});
const N = Number(args.images);
const W = Number(args.width);
const H = Number(args.height);
const BLOCK = 40;
const COLOURS: Array<[number, number, number]> = [
  [230, 10, 10],
  [10, 230, 10],
  [10, 10, 230],
];

/** Image n: BLOCK-sized squares of the three colours; its mask names each square's colour, except one square every ten images. */
function scene(n: number): { rgb: Buffer; mask: Uint8Array } {
  const rgb = Buffer.alloc(W * H * 3);
  const mask = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const block = Math.floor(x / BLOCK) + Math.floor(y / BLOCK) * 97 + n * 13;
      const cls = block % 3;
      rgb.set(COLOURS[cls]!, (y * W + x) * 3);
      const wrong = n % 10 === 0 && x < BLOCK && y < BLOCK;
      mask[y * W + x] = wrong ? (cls + 1) % 3 : cls;
    }
  }
  return { rgb, mask };
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}

const temp = makeTempDir('faultline-bench-quality-');
try {
  const dir = join(temp.dir, 'project');
  const project = createProjectDb(dir, 'Quality bench');
  const files = writeModel(join(temp.dir, 'src'), 'colour', colourModel({ width: 64, height: 48, downsample: 4 }), colourCard({}, { width: 64, height: 48, resize: 'letterbox' }));
  const modelId = (await addModel(project, { ...files, target: true }, probeInWorker)).id;
  mkdirSync(join(dir, 'images'), { recursive: true });
  const now = new Date().toISOString();
  for (let n = 0; n < N; n++) {
    const { rgb, mask } = scene(n);
    await sharp(rgb, { raw: { width: W, height: H, channels: 3 } }).png().toFile(join(dir, 'images', `${n}.png`));
    const id = Number(
      project.db
        .prepare("INSERT INTO images (content_hash, rel_path, width, height, split, imported_at) VALUES (?, ?, ?, ?, 'train', ?)")
        .run(`bench-${n}`, `images/${n}.png`, W, H, now).lastInsertRowid,
    );
    project.db.prepare("INSERT INTO ground_truth (image_id, mask, source, created_at) VALUES (?, ?, 'bench', ?)").run(id, deflateSync(mask), now);
  }

  const inference = await timed(() => runInference(project, { provider: 'cpu', storeProbs: true, retryFailed: false }));
  const stored = await timed(() => runLabelQuality(project, { set: 'S0', source: 'stored' }));

  // Ceiling of the stored run: the search alone over the same working grids, built beforehand and held in memory.
  const model = loadModel(project.db, modelId);
  const space = classSpace(model.classMap, 3);
  const members = setMembers(project.db, 'S0');
  const source = storedImageSource(project.db, model, planStoredSource(project.db, model, members.labelled), space, scorableLabelLut(space));
  const batches: ImageBatch[] = [];
  for await (const image of source.images()) batches.push({ labels: image.labels.slice(), probs: image.probs.slice() });
  const search = await timed(() => scoreLabelQuality(memorySource(source.shape, batches), { ignoreIndex: UNLABELLED }));

  const fresh = await timed(() => runLabelQuality(project, { set: 'S0', source: 'fresh', provider: 'cpu' }));
  const worst = project.db.prepare('SELECT image_id FROM label_quality_images WHERE run_id = ? ORDER BY score LIMIT 1').pluck().get(stored.value.runId) as number;
  const rescoreStored = await timed(() => rescoreImage(project, worst, stored.value.runId));
  const rescoreFresh = await timed(() => rescoreImage(project, worst, fresh.value.runId));
  project.close();

  const cpus = os.cpus();
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'label-quality-service',
        machine: { cpus: cpus.length, cpu: cpus[0]?.model ?? 'unknown', node: process.version, platform: process.platform },
        sizes: { images: N, width: W, height: H, classes: 3, scoreMap: `${source.shape.W}×${source.shape.H}`, wrongImages: Math.ceil(N / 10) },
        inference: { seconds: inference.seconds, imagesPerSecond: N / inference.seconds, workers: inference.value.models[0]?.workers ?? null },
        stored: {
          seconds: stored.seconds,
          imagesPerSecond: N / stored.seconds,
          flaggedImages: stored.value.flaggedImages,
          searchAloneSeconds: search.seconds,
          ratioToSearchAlone: stored.seconds / search.seconds,
        },
        fresh: {
          seconds: fresh.seconds,
          imagesPerSecond: N / fresh.seconds,
          flaggedImages: fresh.value.flaggedImages,
          ratioToInference: fresh.seconds / inference.seconds,
        },
        rescoreOneImage: { storedSeconds: rescoreStored.seconds, freshSeconds: rescoreFresh.seconds },
      },
      null,
      2,
    )}\n`,
  );
} finally {
  temp.cleanup();
}
