/**
 * Inference on real photographs (the 2–20 MP kind) against its ceiling, measured in the same run.
 *   pipeline: runInference end to end (decode at the model's size with shrink-on-load, tensor,
 *             batched run, scores, label map at its stored size, statistics, deflate, writes)
 *   ceiling:  the same photos decoded at the size the model needs (decodeForModel, as many at
 *             once as the pipeline keeps in flight) plus session.run alone on the tensors they
 *             make, with the pipeline's workers × threads: time(decode) + time(run)
 * Models: a small (256²) and a large (1024²) stack of 3×3 convolutions built in code (random
 * weights, two classes: throughput only), and each real model found in --models DIR (as
 * scripts/fetch-real-world.sh lays it out) with its card from test/fixtures/real-world-cards/.
 * Run: npm run bench -- realPhotos --photos DIR [--models DIR] [--min-mp 2] [--limit PHOTOS] [--images N] [--only NAME,…]
 */
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release } from 'node:os';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import { GraphBuilder, serializeModel } from '../../models/onnx/graphBuilder.js';
import { createRandom } from '../../models/random.js';
import { ModelCard } from '../../shared/models/modelCard.js';
import { decodeForModel } from '../../electron/core/inference/decodeImage.js';
import { inputChannels, writeInputTensor } from '../../electron/core/inference/inputTensor.js';
import { runInference } from '../../electron/core/inference/runInference.js';
import { probeInWorker } from '../../electron/core/inference/probeInWorker.js';
import { addModel } from '../../electron/core/models/modelRegistry.js';
import { createProjectDb } from '../../electron/core/store/openProjectDb.js';
import { createWorker } from '../../electron/platform/createWorker.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { insertImage } from '../fixtures/models/tinyProject.js';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const PHOTOS = arg('--photos');
const MODELS = arg('--models');
const MIN_MP = Number(arg('--min-mp') ?? 2);
const LIMIT = Number(arg('--limit') ?? 1000);
/** Pool size: the photos again and again up to this many, so that a session's slow first runs weigh as little as in a real pool. */
const IMAGES = Number(arg('--images') ?? 80);
/** Model names to run (default: all). */
const ONLY = arg('--only')?.split(',');
if (!PHOTOS) {
  process.stderr.write('Give a folder of photos: --photos DIR (e.g. the photos/ of `bash scripts/fetch-real-world.sh DEST`).\n');
  process.exit(2);
}
const BATCH = 4;
/** As runInference keeps them: two batches per worker decoded or running. */
const BATCHES_PER_WORKER = 2;
const CARDS = join(here, '..', 'fixtures', 'real-world-cards');
const REAL_MODELS: Array<{ card: string; onnx: string }> = [
  { card: 'u2netp.card.json', onnx: 'u2netp/u2netp.onnx' },
  { card: 'isnet-small.card.json', onnx: 'imgly-isnet-small/model.onnx' },
];

interface BenchModel {
  bytes: Uint8Array;
  card: ModelCard;
  origin: string;
}

const cpuSeconds = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1e6;

function round(v: number, digits = 2): number {
  return Number(v.toFixed(digits));
}

function photosOf(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (['.jpg', '.jpeg', '.png', '.webp'].includes(extname(name).toLowerCase())) found.push(path);
    }
  };
  walk(resolve(dir));
  return found;
}

/** `layers` 3×3 convolutions of `width` channels with ReLU at size², then a 1×1 two-class classifier. */
function convStack(size: number, layers: number, width: number, seed: number): BenchModel {
  const rng = createRandom(seed);
  const weights = (n: number, fanIn: number) => Float32Array.from({ length: n }, () => rng.normal() * Math.sqrt(2 / fanIn));
  const name = `conv-${size}`;
  const g = new GraphBuilder(name);
  let x = g.input('image', ['N', 3, size, size]);
  let channels = 3;
  for (let layer = 0; layer < layers; layer++) {
    x = g.relu(g.conv(x, { weight: weights(width * channels * 9, channels * 9), dims: [width, channels, 3, 3], bias: new Float32Array(width) }));
    channels = width;
  }
  g.conv(x, { weight: weights(2 * width, width), dims: [2, width, 1, 1], bias: new Float32Array(2) }, { output: 'logits' });
  g.output('logits', ['N', 2, size, size]);
  const card = ModelCard.parse({
    cardVersion: 2,
    name,
    version: '1',
    description: `${layers} 3×3 conv layers of ${width} channels at ${size}², random weights.`,
    classes: [
      { id: 0, name: 'background', color: '#000000', superclass: null },
      { id: 1, name: 'thing', color: '#e6194b', superclass: null },
    ],
    input: {
      tensorName: 'image',
      width: size,
      height: size,
      resize: 'stretch',
      padColour: [0, 0, 0],
      channelOrder: 'RGB',
      layout: 'NCHW',
      dataType: 'float32',
      scale: 1 / 255,
      mean: [0.5, 0.5, 0.5],
      std: [0.25, 0.25, 0.25],
    },
    output: { tensorName: 'logits', kind: 'logits', layout: 'NCHW' },
    ignoreIndex: 255,
  });
  return { bytes: serializeModel(g.build({ producer: 'faultline-bench' })), card, origin: 'built in code' };
}

function realModels(): BenchModel[] {
  if (!MODELS) return [];
  return REAL_MODELS.filter((m) => existsSync(join(MODELS, m.onnx))).map((m) => ({
    bytes: readFileSync(join(MODELS, m.onnx)),
    card: ModelCard.parse(JSON.parse(readFileSync(join(CARDS, m.card), 'utf8'))),
    origin: `${m.onnx} (real, from scripts/fetch-real-world.sh)`,
  }));
}

function request<T>(worker: Worker, message: unknown, transfer: ArrayBuffer[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.postMessage(message, transfer);
  });
}

/** Runs `work` over `items` with at most `limit` at once. */
async function pooled<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
      }
    }),
  );
}

/** Seconds to decode every photo at the model's size, and seconds of session.run alone on the tensors they make. */
async function ceiling(paths: readonly string[], model: BenchModel, workers: number, threads: number, batch: number): Promise<{ decodeSeconds: number; runSeconds: number; cpuSeconds: number }> {
  const { card } = model;
  const slot = inputChannels(card.input) * card.input.width * card.input.height;
  const decoded: Array<Awaited<ReturnType<typeof decodeForModel>>> = [];
  const decodeCpu = process.cpuUsage();
  const decodeStarted = performance.now();
  await pooled(paths, workers * BATCHES_PER_WORKER * batch, async (path, i) => {
    decoded[i] = await decodeForModel(path, card.input);
  });
  const decodeSeconds = (performance.now() - decodeStarted) / 1000;
  const decodeCpuSeconds = cpuSeconds(process.cpuUsage(decodeCpu));
  const batches: Array<{ data: Float32Array; dims: number[] }> = [];
  for (let i = 0; i < decoded.length; i += batch) {
    const slice = decoded.slice(i, i + batch);
    const data = new Float32Array(slice.length * slot);
    slice.forEach((d, k) => writeInputTensor(d.rgb, d.plan, card.input, data, k));
    batches.push({ data, dims: [slice.length, 3, card.input.height, card.input.width] });
  }
  const pool = Array.from({ length: workers }, () => createWorker(import.meta.url, 'rawSessionWorker'));
  try {
    await Promise.all(pool.map((w) => request(w, { type: 'init', modelBytes: model.bytes, threads, inputName: card.input.tensorName, outputName: card.output.tensorName })));
    // A first run per worker outside the timing: onnxruntime's first runs of a session are slower.
    await Promise.all(pool.map((w) => request(w, { type: 'run', batches: [{ data: batches[0]!.data.slice(0, slot), dims: [1, ...batches[0]!.dims.slice(1)] }] })));
    const shares = pool.map((_, k) => batches.filter((_, i) => i % workers === k));
    const runCpu = process.cpuUsage();
    const started = performance.now();
    await Promise.all(pool.map((w, k) => request(w, { type: 'run', batches: shares[k] }, shares[k]!.map((b) => b.data.buffer as ArrayBuffer))));
    return { decodeSeconds, runSeconds: (performance.now() - started) / 1000, cpuSeconds: decodeCpuSeconds + cpuSeconds(process.cpuUsage(runCpu)) };
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

async function benchModel(model: BenchModel, photos: ReadonlyArray<{ path: string; width: number; height: number }>, temp: string) {
  const { card } = model;
  const project = createProjectDb(join(temp, card.name), card.name);
  try {
    mkdirSync(join(project.dir, 'images'), { recursive: true });
    const pool = Array.from({ length: Math.max(IMAGES, photos.length) }, (_, i) => photos[i % photos.length]!);
    for (const [i, photo] of pool.entries()) {
      const rel = `images/${i}${extname(photo.path).toLowerCase()}`;
      symlinkSync(photo.path, join(project.dir, rel));
      insertImage(project.db, rel, photo);
    }
    const src = join(temp, 'src', card.name);
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'model.onnx'), model.bytes);
    writeFileSync(join(src, 'card.json'), JSON.stringify(card));
    await addModel(project, { onnxPath: join(src, 'model.onnx'), cardPath: join(src, 'card.json') }, probeInWorker);

    let peakRss = process.memoryUsage.rss();
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 25);
    let steadyFrom = 0;
    let cpuFrom = process.cpuUsage();
    const onModelStart = (): void => {
      steadyFrom = performance.now();
      cpuFrom = process.cpuUsage();
    };
    const summary = await runInference(project, { provider: 'cpu', storeProbs: false, retryFailed: false, batchSize: BATCH }, { onModelStart });
    const pipelineSeconds = (performance.now() - steadyFrom) / 1000;
    const pipelineCpuSeconds = cpuSeconds(process.cpuUsage(cpuFrom));
    clearInterval(sampler);
    const run = summary.models[0]!;
    const paths = pool.map((p) => p.path);
    const { decodeSeconds, runSeconds, cpuSeconds: ceilingCpuSeconds } = await ceiling(paths, model, run.workers, run.threads, run.batchSize);
    const ceilingSeconds = decodeSeconds + runSeconds;
    const stored = project.db.prepare('SELECT max(map_width * map_height) AS pixels FROM predictions').get() as { pixels: number };
    return {
      model: card.name,
      origin: model.origin,
      input: `${card.input.width}×${card.input.height} ${card.input.resize}`,
      output: card.output.kind,
      workers: run.workers,
      threads: run.threads,
      batch: run.batchSize,
      failed: summary.failed,
      pipelineImagesPerSecond: round(pool.length / pipelineSeconds, 3),
      ceilingImagesPerSecond: round(pool.length / ceilingSeconds, 3),
      ratio: round(ceilingSeconds / pipelineSeconds, 3),
      ratioToSessionRunAlone: round(runSeconds / pipelineSeconds, 3),
      perImageMs: {
        pipeline: round((pipelineSeconds * 1000) / pool.length, 1),
        ceilingDecode: round((decodeSeconds * 1000) / pool.length, 1),
        ceilingSessionRun: round((runSeconds * 1000) / pool.length, 1),
        pipelineSessionRunInWorkers: round(run.runMs / pool.length, 1),
        pipelineWorkerBusy: round(run.workerMs / pool.length, 1),
        pipelineCpu: round((pipelineCpuSeconds * 1000) / pool.length, 1),
        ceilingCpu: round((ceilingCpuSeconds * 1000) / pool.length, 1),
      },
      largestStoredMapMegapixels: round(stored.pixels / 1e6, 2),
      peakRssMiB: round(peakRss / 2 ** 20, 1),
    };
  } finally {
    project.close();
  }
}

const loadAtStart = loadavg();
const all = photosOf(PHOTOS);
const photos: Array<{ path: string; width: number; height: number }> = [];
for (const path of all) {
  const meta = await sharp(path).metadata();
  const { width, height } = meta.autoOrient;
  if (width * height >= MIN_MP * 1e6 && photos.length < LIMIT) photos.push({ path, width, height });
}
if (photos.length === 0) {
  process.stderr.write(`No photos of at least ${MIN_MP} MP under ${PHOTOS}.\n`);
  process.exit(2);
}
const temp = makeTempDir('faultline-bench-real-');
try {
  const models = [convStack(256, 3, 16, 11), convStack(1024, 3, 16, 12), ...realModels()].filter((m) => !ONLY || ONLY.includes(m.card.name));
  const results = [];
  for (const model of models) {
    results.push(await benchModel(model, photos, temp.dir));
    process.stderr.write(`${model.card.name} done\n`);
  }
  const megapixels = photos.map((p) => (p.width * p.height) / 1e6);
  const ortVersion = (createRequire(import.meta.url)('onnxruntime-node/package.json') as { version: string }).version;
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'realPhotos',
        machine: { loadAverageAtStart: loadAtStart.map((v) => round(v)), loadAverageAtEnd: loadavg().map((v) => round(v)), cpus: cpus().length, availableParallelism: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown', platform: platform(), release: release(), node: process.version, onnxruntime: ortVersion },
        conditions: {
          photos: photos.length,
          images: Math.max(IMAGES, photos.length),
          photoFolder: relative(process.cwd(), resolve(PHOTOS)) || '.',
          megapixels: { min: round(Math.min(...megapixels), 1), max: round(Math.max(...megapixels), 1), mean: round(megapixels.reduce((a, b) => a + b, 0) / megapixels.length, 1) },
          formats: [...new Set(photos.map((p) => extname(p.path).toLowerCase()))],
          examples: photos.slice(0, 3).map((p) => basename(p.path)),
          provider: 'cpu',
          batch: BATCH,
        },
        notes:
          'ratio = ceiling seconds / pipeline seconds (goal ≥ 0.9), ceiling = decoding every photo at the model’s size (as many at once as the pipeline keeps in flight) + session.run alone on the resulting tensors with the same workers × threads (after one warm-up run per worker); the pipeline is timed from its worker pool being ready to the last row written. ratioToSessionRunAlone leaves decoding out of the ceiling. largestStoredMapMegapixels: the stored prediction rule (shared/labels/predictionMapSize.ts).',
        results,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  temp.cleanup();
}
