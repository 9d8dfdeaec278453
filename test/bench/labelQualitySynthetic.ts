import type { RangeSource } from '../../shared/quality/batchSource.js';
import type { ImageBatch, QualityShape } from '../../shared/quality/types.js';
import { mulberry32 } from '../../shared/mining/prng.js';

/**
 * Deterministic synthetic segmentation data for the label-quality benchmark: every image is generated
 * from its own seed, so any image can be produced alone, in any thread. A street-like label map of
 * rectangles, a model that is right with softmax-like confidence except in a few regions, and given
 * labels with a corrupted region in about a third of the images.
 */


interface Rect {
  y0: number;
  x0: number;
  y1: number;
  x1: number;
  value: number;
}

function rects(random: () => number, count: number, H: number, W: number, K: number): Rect[] {
  return Array.from({ length: count }, () => {
    const h = Math.floor(H * (0.1 + 0.4 * random()));
    const w = Math.floor(W * (0.1 + 0.4 * random()));
    const y0 = Math.floor(random() * (H - h));
    const x0 = Math.floor(random() * (W - w));
    return { y0, x0, y1: y0 + h, x1: x0 + w, value: Math.floor(random() * K) };
  });
}

function paint(map: Uint8Array, rect: Rect, W: number, value: (old: number) => number): void {
  for (let y = rect.y0; y < rect.y1; y++) for (let x = rect.x0; x < rect.x1; x++) map[y * W + x] = value(map[y * W + x]!);
}

/** Writes image `n` of the dataset into labels (H·W) and probs (K·H·W) at the given offsets. */
export function generateImage(n: number, shape: QualityShape, labels: Uint8Array, labelOffset: number, probs: Float32Array, probOffset: number): void {
  const { K, H, W } = shape;
  const pixels = H * W;
  const random = mulberry32(n + 1);
  const truth = new Uint8Array(pixels).fill(n % K);
  for (const rect of rects(random, 8, H, W, K)) paint(truth, rect, W, () => rect.value);
  const predicted = truth.slice();
  const doubt = new Float32Array(pixels);
  for (const rect of rects(random, 2, H / 2, W / 2, K)) {
    paint(predicted, rect, W, (old) => (old + 1 + (rect.value % (K - 1))) % K);
    for (let y = rect.y0; y < rect.y1; y++) for (let x = rect.x0; x < rect.x1; x++) doubt[y * W + x] = 0.3;
  }
  labels.set(truth, labelOffset);
  if (random() < 0.35) {
    for (const rect of rects(random, 1 + Math.floor(random() * 2), H / 2, W / 2, K)) {
      for (let y = rect.y0; y < rect.y1; y++) {
        for (let x = rect.x0; x < rect.x1; x++) labels[labelOffset + y * W + x] = (truth[y * W + x]! + 1 + (rect.value % (K - 1))) % K;
      }
    }
  }
  const weights = new Float64Array(K);
  for (let i = 0; i < pixels; i++) {
    const confidence = 0.55 + 0.44 * random() - doubt[i]! * random();
    let total = 0;
    for (let k = 0; k < K; k++) {
      const w = random();
      weights[k] = w * w * w;
      total += weights[k]!;
    }
    const top = predicted[i]!;
    const rest = (1 - confidence) / (total - weights[top]!);
    for (let k = 0; k < K; k++) probs[probOffset + k * pixels + i] = k === top ? confidence : weights[k]! * rest;
  }
}

export interface CachedParams {
  readonly shape: QualityShape;
  readonly imageCount: number;
  readonly cacheImages: number;
  readonly labels: SharedArrayBuffer;
  readonly probs: SharedArrayBuffer;
}

/** Fills a bounded cache of distinct images in shared memory; image n of the dataset is cache slot n mod C. */
export function fillCache(shape: QualityShape, imageCount: number, cacheImages: number): CachedParams {
  const pixels = shape.H * shape.W;
  const labels = new SharedArrayBuffer(cacheImages * pixels);
  const probs = new SharedArrayBuffer(cacheImages * shape.K * pixels * 4);
  const labelView = new Uint8Array(labels);
  const probView = new Float32Array(probs);
  for (let n = 0; n < cacheImages; n++) generateImage(n, shape, labelView, n * pixels, probView, n * shape.K * pixels);
  return { shape, imageCount, cacheImages, labels, probs };
}

/** Worker entry: zero-copy batches over the shared cache (a batch never wraps around the cache). */
export function openRangeSource(params: unknown): RangeSource {
  const { shape, imageCount, cacheImages, labels, probs } = params as CachedParams;
  const pixels = shape.H * shape.W;
  return {
    shape,
    imageCount,
    *batches(start: number, end: number, batchSize: number): Generator<ImageBatch> {
      for (let n = start; n < end; ) {
        const slot = n % cacheImages;
        const count = Math.min(batchSize, end - n, cacheImages - slot);
        yield {
          labels: new Uint8Array(labels, slot * pixels, count * pixels),
          probs: new Float32Array(probs, slot * shape.K * pixels * 4, count * shape.K * pixels),
        };
        n += count;
      }
    },
  };
}
