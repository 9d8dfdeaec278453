/**
 * Label-quality benchmark: N = 200 images, K = 21 classes, 256×256, float32 (1.1 GB of probabilities
 * if it were held at once; it never is). Prints one JSON object.
 *
 * 1. streamed: every image generated fresh from its seed, a batch at a time, on this thread; the time
 *    spent generating is measured and subtracted, so the figures are the kernels plus pass overhead.
 * 2. cached: a bounded cache of distinct images in shared memory stands in for the dataset (image n is
 *    slot n mod C), so the same data can be scored on 1 thread and on a pool of workers by wall clock;
 *    the ceiling is one plain read of every probability of the dataset on one thread.
 *
 * Run: PATH=/work/main/node_modules/.bin:$PATH tsx test/bench/label-quality.ts [--images 200] [--cache 40] [--workers 2]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { LabelQualitySource } from '../../shared/quality/batchSource.js';
import { numPixelIssuesScores } from '../../shared/quality/flaggedPixels.js';
import type { LabelQualityResult } from '../../shared/quality/labelIssueSearch.js';
import type { ScoreLabelQualityOptions } from '../../electron/core/quality/scoreLabelQuality.js';
import { scoreLabelQuality } from '../../electron/core/quality/scoreLabelQuality.js';
import type { ImageBatch, QualityShape } from '../../shared/quality/types.js';
import { QualityWorkerPool } from '../../electron/core/quality/workerPool.js';
import { fillCache, generateImage, openRangeSource } from './labelQualitySynthetic.js';

const { values: args } = parseArgs({
  options: {
    images: { type: 'string', default: '200' },
    cache: { type: 'string', default: '40' },
    workers: { type: 'string', default: '2' },
    batch: { type: 'string', default: '8' },
  },
});
const N = Number(args.images);
const cacheImages = Number(args.cache);
const workers = Number(args.workers);
const batchSize = Number(args.batch);
const shape: QualityShape = { K: 21, H: 256, W: 256 };
const pixels = shape.H * shape.W;

let peakRss = process.memoryUsage().rss;
const sampleMemory = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const sampler = setInterval(sampleMemory, 20);

/** A source that generates every batch on demand into reused buffers and clocks the generation. */
function streamedSource(): { source: LabelQualitySource; generationMs: () => number } {
  let generation = 0;
  const labels = new Uint8Array(batchSize * pixels);
  const probs = new Float32Array(batchSize * shape.K * pixels);
  return {
    generationMs: () => generation,
    source: {
      shape,
      imageCount: N,
      *batches(): Generator<ImageBatch> {
        for (let n = 0; n < N; n += batchSize) {
          const count = Math.min(batchSize, N - n);
          const started = performance.now();
          for (let j = 0; j < count; j++) generateImage(n + j, shape, labels, j * pixels, probs, j * shape.K * pixels);
          generation += performance.now() - started;
          sampleMemory();
          yield { labels: labels.subarray(0, count * pixels), probs: probs.subarray(0, count * shape.K * pixels) };
        }
      },
    },
  };
}

async function timeStreamed(options: ScoreLabelQualityOptions): Promise<{ seconds: number; generationSeconds: number; result: LabelQualityResult }> {
  const { source, generationMs } = streamedSource();
  const started = performance.now();
  const result = await scoreLabelQuality(source, { ...options, onProgress: sampleMemory });
  const total = performance.now() - started;
  return { seconds: (total - generationMs()) / 1000, generationSeconds: generationMs() / 1000, result };
}

async function timeWall<T>(run: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { seconds: (performance.now() - started) / 1000, value };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** The reference's softmin of one image written out with Math.exp (spec §2.3), to check the table path. */
function mathExpSoftmin(labels: ArrayLike<number>, labelOffset: number, probs: Float32Array, probOffset: number, temperature: number): number {
  let max = -Infinity;
  for (let i = 0; i < pixels; i++) max = Math.max(max, (1 - probs[probOffset + labels[labelOffset + i]! * pixels + i]!) / temperature);
  let weighted = 0;
  let total = 0;
  for (let i = 0; i < pixels; i++) {
    const v = probs[probOffset + labels[labelOffset + i]! * pixels + i]!;
    const w = Math.exp((1 - v) / temperature - max);
    weighted += v * w;
    total += w;
  }
  return weighted / total;
}

/** Largest |score − Math.exp softmin| over the images of a source, in order. */
function mathExpDeviation(batches: Iterable<ImageBatch>, scores: Float64Array): number {
  let worst = 0;
  let n = 0;
  for (const batch of batches) {
    for (let j = 0; j < batch.labels.length / pixels; j++, n++) {
      worst = Math.max(worst, Math.abs(scores[n]! - mathExpSoftmin(batch.labels, j * pixels, batch.probs, j * shape.K * pixels, 0.1)));
    }
  }
  return worst;
}

// 1. Streamed, fresh images, this thread.
const findStreamed = await timeStreamed({ softminTemperature: null });
const softminStreamed = await timeStreamed({ findIssues: false });
const numPixelStreamed = await timeStreamed({ softminTemperature: null });
const numPixelScoreStarted = performance.now();
const numPixelScores = numPixelIssuesScores(numPixelStreamed.result.flagged!, numPixelStreamed.result.validPixels);
const numPixelSeconds = numPixelStreamed.seconds + (performance.now() - numPixelScoreStarted) / 1000;

const peakRssStreamed = peakRss;
const streamedDeviation = mathExpDeviation(streamedSource().source.batches() as Iterable<ImageBatch>, softminStreamed.result.softminScores!);

// 2. Cached dataset in shared memory: 1 thread vs a worker pool, same data.
const cache = fillCache(shape, N, cacheImages);
sampleMemory();
const range = openRangeSource(cache);
const cachedSource: LabelQualitySource = {
  shape,
  imageCount: N,
  batches: () => range.batches(0, N, batchSize),
  // A bundled copy of this script runs the bundled .js module.
  worker: { module: new URL(`./labelQualitySynthetic.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url).href, params: cache },
};
const ceiling = await timeWall(async () => {
  let sum = 0;
  for (const batch of range.batches(0, N, batchSize) as Iterable<ImageBatch>) {
    const p = batch.probs;
    let a = 0;
    let b = 0;
    let c = 0;
    let d = 0;
    for (let i = 0; i < p.length; i += 4) {
      a += p[i]!;
      b += p[i + 1]!;
      c += p[i + 2]!;
      d += p[i + 3]!;
    }
    sum += a + b + c + d;
  }
  return sum;
});
const findCached1 = await timeWall(() => scoreLabelQuality(cachedSource, { softminTemperature: null }));
const softminCached1 = await timeWall(() => scoreLabelQuality(cachedSource, { findIssues: false }));
const poolStart = await timeWall(async () => QualityWorkerPool.create(workers));
const pool = poolStart.value;
await scoreLabelQuality(cachedSource, { pool, batchSize, findIssues: false });
const findCachedPool = await timeWall(() => scoreLabelQuality(cachedSource, { pool, batchSize, softminTemperature: null }));
const softminCachedPool = await timeWall(() => scoreLabelQuality(cachedSource, { pool, batchSize, findIssues: false }));
await pool.close();
const cachedDeviation = Math.max(
  mathExpDeviation(range.batches(0, N, batchSize) as Iterable<ImageBatch>, softminCached1.value.softminScores!),
  mathExpDeviation(range.batches(0, N, batchSize) as Iterable<ImageBatch>, softminCachedPool.value.softminScores!),
);
const same =
  findCachedPool.value.numIssuesEstimate === findCached1.value.numIssuesEstimate &&
  findCachedPool.value.flagged!.pixel.length === findCached1.value.flagged!.pixel.length &&
  findCachedPool.value.flagged!.pixel.every((p, i) => p === findCached1.value.flagged!.pixel[i]);
clearInterval(sampler);
sampleMemory();

const reference = { findLabelIssues: 5.19, softmin: 0.55, numPixelIssues: 5.73, peakGB: 3.4, note: 'cleanlab 2.9.0 on a 2-core machine (spec §9)' };
const flagged = findStreamed.result.flagged!.image.length;
console.log(
  JSON.stringify(
    {
      benchmark: 'label-quality',
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.arch()}` },
      sizes: { N, K: shape.K, H: shape.H, W: shape.W, probabilityBytes: N * shape.K * pixels * 4, batchSize },
      streamed: {
        threads: 1,
        note: 'fresh images generated per batch; generation time measured and subtracted',
        findLabelIssuesSeconds: round(findStreamed.seconds),
        softminScoresSeconds: round(softminStreamed.seconds),
        numPixelIssuesScoresSeconds: round(numPixelSeconds),
        generationSecondsPerPass: round(softminStreamed.generationSeconds),
        softminMaxAbsDeviationFromMathExp: streamedDeviation,
        numIssuesEstimate: findStreamed.result.numIssuesEstimate,
        flaggedPixels: flagged,
        imagesScoredBelowHalf: Array.from(numPixelScores).filter((s) => s < 0.99).length,
      },
      cached: {
        cacheImages,
        note: `image n is cache slot n mod ${cacheImages}; wall clock; the pool is started before timing (start-up reported apart)`,
        readCeilingSeconds: round(ceiling.seconds),
        oneThread: { findLabelIssuesSeconds: round(findCached1.seconds), softminScoresSeconds: round(softminCached1.seconds) },
        pool: {
          workers,
          startSeconds: round(poolStart.seconds),
          findLabelIssuesSeconds: round(findCachedPool.seconds),
          softminScoresSeconds: round(softminCachedPool.seconds),
          sameResultAsOneThread: same,
        },
        findOverReadCeiling: round(findCached1.seconds / ceiling.seconds),
        softminOverReadCeiling: round(softminCached1.seconds / ceiling.seconds),
        softminMaxAbsDeviationFromMathExp: cachedDeviation,
      },
      memory: {
        streamedPeakRssSampledMB: Math.round(peakRssStreamed / 2 ** 20),
        peakRssSampledMB: Math.round(peakRss / 2 ** 20),
        maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
        sharedCacheMB: Math.round((cache.probs.byteLength + cache.labels.byteLength) / 2 ** 20),
      },
      reference,
      speedupVsReference: {
        findLabelIssues: round(reference.findLabelIssues / findStreamed.seconds),
        softmin: round(reference.softmin / softminStreamed.seconds),
        numPixelIssues: round(reference.numPixelIssues / numPixelSeconds),
      },
    },
    null,
    1,
  ),
);
