/**
 * Inference pipeline throughput against its ceiling, measured in the same run: the demo model
 * designs (random weights, 8 classes) and a heavier conv stack over a generated pool of 160×120
 * street scenes.
 *   pipeline: runInference end to end (decode with sharp, preprocess, batched run, softmax,
 *             upsampling to the original size, statistics, deflate, batched SQLite writes)
 *   ceiling:  session.run alone on the same preprocessed tensors, same workers × threads
 * Also the peak RSS, the host event loop's delay (P99) and the process's CPU time per image (all
 * threads: decoding, workers, writes) while the pipeline runs, and each post-processing stage's
 * cost per image on the model's own score maps in this thread, beside session.run's there.
 * Run: PATH=/work/main/node_modules/.bin:$PATH tsx test/bench/inference.ts [--images N] [--size WxH]
 * (--size: pool image size, default 160x120; larger images make upsampling the labels dearer).
 */
import { availableParallelism, cpus, loadavg, platform, release } from 'node:os';
import * as ort from 'onnxruntime-node';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import { buildFeatureExtractor, buildSegmentationModel, type ArchitectureDesign } from '../../models/demo/architectures/architecture.js';
import { GraphBuilder, serializeModel } from '../../models/onnx/graphBuilder.js';
import { DEMO_DESIGNS } from '../../models/demo/buildDemoWorld.js';
import { DEMO_CLASS_COUNT } from '../../models/demo/classes.js';
import { demoModelCard } from '../../models/demo/demoModelCard.js';
import { DEMO_IMAGE_SIZE } from '../../models/demo/worldLayout.js';
import { encodeRgbPng, renderScene } from '../../models/demo/scenes/renderScene.js';
import { generateScene } from '../../models/demo/scenes/streetScene.js';
import { createRandom } from '../../models/random.js';
import type { MlpWeights } from '../../models/training/pixelMlp.js';
import { classFractions } from '../../shared/mining/classFractions.js';
import { decodeForModel } from '../../electron/core/inference/decodeImage.js';
import { writeInputTensor } from '../../electron/core/inference/inputTensor.js';
import { openSession } from '../../electron/core/inference/openSession.js';
import { planPool } from '../../electron/core/inference/poolPlan.js';
import { softmaxStatistics } from '../../electron/core/inference/probabilities.js';
import { encodeProbs } from '../../electron/core/inference/probsBlob.js';
import { contentRegion, outputMapping, type ResizePlan } from '../../electron/core/inference/resizePlan.js';
import { runInference } from '../../electron/core/inference/runInference.js';
import { upsampleArgmaxInto } from '../../electron/core/inference/upsampleArgmax.js';
import { deflateLabelMap } from '../../electron/core/store/labelMapBlob.js';
import { createProjectDb, type ProjectDb } from '../../electron/core/store/openProjectDb.js';
import { probeInWorker } from '../../electron/core/inference/probeInWorker.js';
import { addModel } from '../../electron/core/models/modelRegistry.js';
import { createWorker } from '../../electron/platform/createWorker.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { scoreKind } from '../../shared/models/outputScores.js';

const argImages = process.argv.indexOf('--images');
const IMAGES = argImages > 0 ? Number(process.argv[argImages + 1]) : 300;
const argSize = process.argv.indexOf('--size');
const [sizeW, sizeH] = (argSize > 0 ? process.argv[argSize + 1]! : '160x120').split('x').map(Number) as [number, number];
/** Pool images are 160×120 by default; the demo models take DEMO_IMAGE_SIZE, so every image is resized and its labels upsampled back. */
const SIZE = { width: sizeW, height: sizeH };
if (!(Number.isInteger(sizeW) && Number.isInteger(sizeH) && sizeW >= 1 && sizeH >= 1)) throw new Error(`--size takes WxH in pixels, e.g. 640x480`);
const MODEL_SIZE = DEMO_IMAGE_SIZE;
const BATCH = 4;
/** Images whose score maps the stage breakdown post-processes, and its passes (the fastest counts). */
const STAGE_IMAGES = 32;
const STAGE_PASSES = 5;

function randomWeights(design: ArchitectureDesign, inputs: number, seed: number): MlpWeights {
  const rng = createRandom(seed);
  const fill = (n: number, scale: number) => Float32Array.from({ length: n }, () => rng.normal() * scale);
  return {
    inputs,
    hidden: design.hidden,
    classes: DEMO_CLASS_COUNT,
    hiddenWeight: fill(design.hidden * inputs, 1 / Math.sqrt(inputs)),
    hiddenBias: fill(design.hidden, 0.1),
    outputWeight: fill(DEMO_CLASS_COUNT * design.hidden, 1 / Math.sqrt(design.hidden)),
    outputBias: fill(DEMO_CLASS_COUNT, 0.1),
  };
}

/**
 * Heavier models than the demo designs, closer to a real segmentation network's cost per pixel:
 * `layers` 3×3 convolutions of `width` channels with ReLU, then a 1×1 classifier.
 */
function convStackModel(layers: number, width: number, seed: number): { bytes: Uint8Array; card: ReturnType<typeof demoModelCard> } {
  const rng = createRandom(seed);
  const weights = (n: number, fanIn: number) => Float32Array.from({ length: n }, () => rng.normal() * Math.sqrt(2 / fanIn));
  const name = `conv-stack-${layers}x${width}`;
  const g = new GraphBuilder(name);
  let x = g.input('image', ['N', 3, MODEL_SIZE.height, MODEL_SIZE.width]);
  let channels = 3;
  for (let layer = 0; layer < layers; layer++) {
    x = g.relu(g.conv(x, { weight: weights(width * channels * 9, channels * 9), dims: [width, channels, 3, 3], bias: new Float32Array(width) }));
    channels = width;
  }
  g.conv(x, { weight: weights(DEMO_CLASS_COUNT * width, width), dims: [DEMO_CLASS_COUNT, width, 1, 1], bias: new Float32Array(DEMO_CLASS_COUNT) }, { output: 'logits' });
  g.output('logits', ['N', DEMO_CLASS_COUNT, MODEL_SIZE.height, MODEL_SIZE.width]);
  const base = demoModelCard(DEMO_DESIGNS[0]!, MODEL_SIZE, 'bench');
  return { bytes: serializeModel(g.build({ producer: 'faultline-bench' })), card: { ...base, name, description: `${layers} 3×3 conv layers of ${width} channels.`, head: undefined } };
}

async function generatePool(project: ProjectDb): Promise<void> {
  mkdirSync(join(project.dir, 'images'), { recursive: true });
  const insert = project.db.prepare("INSERT INTO images (content_hash, rel_path, width, height, imported_at) VALUES (?, ?, ?, ?, '2026-01-01T00:00:00Z')");
  for (let i = 0; i < IMAGES; i++) {
    const scene = await renderScene(generateScene(1000 + i, 'pool', SIZE.width, SIZE.height));
    const rel = `images/pool-${i}.png`;
    writeFileSync(join(project.dir, rel), encodeRgbPng(scene.rgb, scene.width, scene.height));
    insert.run(`bench-${i}`, rel, scene.width, scene.height);
  }
}

function request<T>(worker: Worker, message: unknown, transfer: ArrayBuffer[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.postMessage(message, transfer);
  });
}

/** session.run alone over the preprocessed batches, split over the same number of workers. */
async function ceiling(project: ProjectDb, bytes: Uint8Array, card: ReturnType<typeof demoModelCard>, workers: number, threads: number): Promise<number> {
  const paths = (project.db.prepare('SELECT rel_path FROM images ORDER BY id').pluck().all() as string[]).map((p) => join(project.dir, p));
  const batches: Array<{ data: Float32Array; dims: number[] }> = [];
  for (let i = 0; i < paths.length; i += BATCH) {
    const slice = paths.slice(i, i + BATCH);
    const data = new Float32Array(slice.length * 3 * MODEL_SIZE.width * MODEL_SIZE.height);
    for (const [slot, path] of slice.entries()) {
      const decoded = await decodeForModel(path, card.input);
      writeInputTensor(decoded.rgb, decoded.plan, card.input, data, slot);
    }
    batches.push({ data, dims: [slice.length, 3, MODEL_SIZE.height, MODEL_SIZE.width] });
  }
  const pool = Array.from({ length: workers }, () => createWorker(import.meta.url, 'rawSessionWorker'));
  try {
    await Promise.all(pool.map((w) => request(w, { type: 'init', modelBytes: bytes, threads, inputName: card.input.tensorName, outputName: card.output.tensorName })));
    const shares = pool.map((_, k) => batches.filter((_, i) => i % workers === k));
    const started = performance.now();
    await Promise.all(pool.map((w, k) => request(w, { type: 'run', batches: shares[k] }, shares[k]!.map((b) => b.data.buffer as ArrayBuffer))));
    return paths.length / ((performance.now() - started) / 1000);
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

/** Decoded, preprocessed batches of these images, as the pipeline builds them. */
async function preprocessedBatches(paths: readonly string[], card: ReturnType<typeof demoModelCard>): Promise<Array<{ data: Float32Array; dims: number[]; plans: ResizePlan[] }>> {
  const batches = [];
  for (let i = 0; i < paths.length; i += BATCH) {
    const slice = paths.slice(i, i + BATCH);
    const data = new Float32Array(slice.length * 3 * MODEL_SIZE.width * MODEL_SIZE.height);
    const plans: ResizePlan[] = [];
    for (const [slot, path] of slice.entries()) {
      const decoded = await decodeForModel(path, card.input);
      writeInputTensor(decoded.rgb, decoded.plan, card.input, data, slot);
      plans.push(decoded.plan);
    }
    batches.push({ data, dims: [slice.length, 3, MODEL_SIZE.height, MODEL_SIZE.width], plans });
  }
  return batches;
}

/**
 * Milliseconds per image of each stage the inference worker runs after session.run, in this
 * thread on the model's own score maps (the fastest of STAGE_PASSES passes), beside session.run
 * with one thread on the same batches: the share post-processing takes of a worker's time.
 * Run after every pipeline, so its allocations stay out of their peak RSS.
 */
async function postProcessStages(paths: readonly string[], bytes: Uint8Array, card: ReturnType<typeof demoModelCard>) {
  const { session } = await openSession({ modelBytes: bytes, candidates: ['cpu'], threads: 1 });
  try {
    const batches = await preprocessedBatches(paths, card);
    const maps: Array<{ scores: Float32Array; offset: number; k: number; w: number; h: number; plan: ResizePlan }> = [];
    let runMs = Infinity;
    for (let pass = 0; pass < STAGE_PASSES; pass++) {
      const started = performance.now();
      for (const batch of batches) {
        const result = await session.run({ [card.input.tensorName]: new ort.Tensor('float32', batch.data, batch.dims) });
        const output = result[card.output.tensorName]!;
        const [, k, h, w] = output.dims.map(Number) as [number, number, number, number];
        if (pass === 0) batch.plans.forEach((plan, i) => maps.push({ scores: output.data as Float32Array, offset: i * k * h * w, k, w, h, plan }));
      }
      runMs = Math.min(runMs, performance.now() - started);
    }
    const lut = Uint8Array.from({ length: DEMO_CLASS_COUNT }, (_, i) => i);
    const stages = { softmaxStatistics: Infinity, upsampleArgmax: Infinity, deflateLabelMap: Infinity, classFractions: Infinity, encodeProbsIfStored: Infinity };
    for (let pass = 0; pass < STAGE_PASSES; pass++) {
      const sums = { softmaxStatistics: 0, upsampleArgmax: 0, deflateLabelMap: 0, classFractions: 0, encodeProbsIfStored: 0 };
      for (const { scores, offset, k, w, h, plan } of maps) {
        const probs = new Float32Array(k * w * h);
        const argmax = new Uint8Array(w * h);
        const labels = new Uint8Array(plan.srcW * plan.srcH);
        const t0 = performance.now();
        softmaxStatistics({ scores, offset, classes: k, w, h, kind: scoreKind(card.output.kind) }, contentRegion(plan, w, h), { probs, argmax });
        const t1 = performance.now();
        upsampleArgmaxInto(probs, argmax, { classes: k, outW: w, outH: h, mapping: outputMapping(plan, w, h), srcW: plan.srcW, srcH: plan.srcH, lut }, labels);
        const t2 = performance.now();
        deflateLabelMap(labels, 'fast');
        const t3 = performance.now();
        classFractions(labels, DEMO_CLASS_COUNT);
        const t4 = performance.now();
        encodeProbs(probs, k, h, w);
        const t5 = performance.now();
        sums.softmaxStatistics += t1 - t0;
        sums.upsampleArgmax += t2 - t1;
        sums.deflateLabelMap += t3 - t2;
        sums.classFractions += t4 - t3;
        sums.encodeProbsIfStored += t5 - t4;
      }
      for (const key of Object.keys(stages) as Array<keyof typeof stages>) stages[key] = Math.min(stages[key], sums[key] / maps.length);
    }
    const postMs = stages.softmaxStatistics + stages.upsampleArgmax + stages.deflateLabelMap + stages.classFractions;
    const perImage = Object.fromEntries(Object.entries(stages).map(([key, ms]) => [key, round(ms, 3)]));
    return { ...perImage, postProcessTotal: round(postMs, 3), sessionRunOneThread: round(runMs / maps.length, 3), postOverRun: round(postMs / (runMs / maps.length), 2) };
  } finally {
    await session.release();
  }
}

function demoDesignModel(design: ArchitectureDesign, index: number): { bytes: Uint8Array; card: ReturnType<typeof demoModelCard> } {
  const { channels } = buildFeatureExtractor(design, MODEL_SIZE);
  const bytes = buildSegmentationModel(design, MODEL_SIZE, randomWeights(design, channels, 7 + index), DEMO_CLASS_COUNT);
  return { bytes, card: demoModelCard(design, MODEL_SIZE, 'bench') };
}

async function benchModel({ bytes, card }: { bytes: Uint8Array; card: ReturnType<typeof demoModelCard> }, temp: string) {
  const project = createProjectDb(join(temp, card.name), card.name);
  try {
    await generatePool(project);
    const src = join(temp, 'src');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, `${card.name}.onnx`), bytes);
    writeFileSync(join(src, `${card.name}.card.json`), JSON.stringify(card));
    await addModel(project, { onnxPath: join(src, `${card.name}.onnx`), cardPath: join(src, `${card.name}.card.json`) }, probeInWorker);

    const lag = monitorEventLoopDelay({ resolution: 5 });
    let peakRss = process.memoryUsage.rss();
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 25);
    let steadyFrom = 0;
    let cpuFrom = process.cpuUsage();
    const started = performance.now();
    lag.enable();
    const summary = await runInference(
      project,
      { provider: 'cpu', storeProbs: false, retryFailed: false, batchSize: BATCH },
      {
        onModelStart: () => {
          steadyFrom = performance.now();
          cpuFrom = process.cpuUsage();
        },
      },
    );
    const ended = performance.now();
    const cpu = process.cpuUsage(cpuFrom);
    lag.disable();
    clearInterval(sampler);
    const run = summary.models[0]!;
    const pipeline = IMAGES / ((ended - steadyFrom) / 1000);
    const raw = await ceiling(project, bytes, card, run.workers, run.threads);
    const stageImages = (project.db.prepare('SELECT rel_path FROM images ORDER BY id LIMIT ?').pluck().all(STAGE_IMAGES) as string[]).map((p) => join(project.dir, p));
    const result = {
      model: card.name,
      workers: run.workers,
      threads: run.threads,
      batch: run.batchSize,
      pipelineImagesPerSecond: round(pipeline),
      pipelineWithStartupImagesPerSecond: round(IMAGES / ((ended - started) / 1000)),
      rawRunImagesPerSecond: round(raw),
      ratio: round(pipeline / raw, 3),
      failed: summary.failed,
      perImageMs: {
        decodeWallClock: round(run.decodeMs / IMAGES),
        worker: round(run.workerMs / IMAGES),
        sessionRun: round(run.runMs / IMAGES),
        processCpu: round((cpu.user + cpu.system) / 1000 / IMAGES),
      },
      peakRssMiB: round(peakRss / 2 ** 20, 1),
      eventLoopDelayMs: { p50: round(lag.percentile(50) / 1e6), p99: round(lag.percentile(99) / 1e6), max: round(lag.max / 1e6) },
    };
    return { result, stageImages };
  } finally {
    project.close();
  }
}

function round(v: number, digits = 2): number {
  return Number(v.toFixed(digits));
}

const loadAtStart = loadavg();
const temp = makeTempDir('faultline-bench-inference-');
try {
  const runs = [];
  const models = [...DEMO_DESIGNS.map(demoDesignModel), convStackModel(3, 32, 99), convStackModel(4, 64, 98)];
  for (const model of models) runs.push(await benchModel(model, temp.dir));
  const results = [];
  for (const [i, { result, stageImages }] of runs.entries()) results.push({ ...result, postProcessStagesMsPerImage: await postProcessStages(stageImages, models[i]!.bytes, models[i]!.card) });
  const ortVersion = (createRequire(import.meta.url)('onnxruntime-node/package.json') as { version: string }).version;
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'inference',
        machine: { loadAverageAtStart: loadAtStart.map((v) => round(v)), loadAverageAtEnd: loadavg().map((v) => round(v)), cpus: cpus().length, availableParallelism: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown', platform: platform(), release: release(), node: process.version, onnxruntime: ortVersion },
        conditions: { images: IMAGES, imageSize: `${SIZE.width}×${SIZE.height}`, modelInput: `${MODEL_SIZE.width}×${MODEL_SIZE.height} stretch`, classes: DEMO_CLASS_COUNT, provider: 'cpu', poolPlan: planPool(availableParallelism(), 'cpu'), batch: BATCH, weights: 'random (throughput only)' },
        notes:
          'pipeline = images / time from pool ready to last row written; ratio = pipeline / raw session.run on the same preprocessed tensors with the same workers × threads (target ≥ 0.9); eventLoopDelayMs from perf_hooks.monitorEventLoopDelay during the pipeline (target P99 < 20 ms); perImageMs.processCpu = CPU time of all threads (decode, workers, writes) per image during the pipeline; postProcessStagesMsPerImage: each stage after session.run, one thread, on the first ' +
          `${STAGE_IMAGES} images' score maps (fastest of ${STAGE_PASSES} passes; encodeProbs only runs with Keep probabilities, not in this pipeline run), against session.run with one thread on the same batches.`,
        results,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  temp.cleanup();
}
