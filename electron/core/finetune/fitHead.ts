import { createRandom, type Random } from '../../../models/random.js';
import type { PixelPool } from './pixelReservoir.js';

export interface HeadFitOptions {
  iterations: number;
  /** Pixels per mini-batch: half from the old training data, half from the counterexamples. */
  batchSize: number;
  /** Base rate of the polynomial schedule, on standardised features. */
  learningRate: number;
  seed: number;
  momentum?: number;
  weightDecay?: number;
  /** Exponent of the decay lr·(1 − t/T)^power. */
  power?: number;
}

/** Mean cross-entropy and pixel accuracy of a classifier on a pool, each pixel weighted by what it stands for. */
export interface PoolScore {
  loss: number;
  accuracy: number;
}

export interface HeadFitResult {
  weight: Float32Array;
  bias: Float32Array;
  before: { old: PoolScore | null; new: PoolScore };
  after: { old: PoolScore | null; new: PoolScore };
}

export interface HeadFitHooks {
  /** Called every few iterations with the iterations done and the running mini-batch loss. */
  onProgress?(done: number, loss: number): void;
}

export const HEAD_FIT_DEFAULTS = { momentum: 0.9, weightDecay: 5e-4, power: 0.9 } as const;

/** Per-channel mean and standard deviation over both pools (a constant channel gets std 1). */
function moments(pools: readonly PixelPool[], channels: number): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(channels);
  const sq = new Float64Array(channels);
  let n = 0;
  for (const pool of pools) {
    for (let i = 0; i < pool.count; i++) {
      const at = i * channels;
      for (let c = 0; c < channels; c++) {
        const v = pool.features[at + c]!;
        mean[c]! += v;
        sq[c]! += v * v;
      }
    }
    n += pool.count;
  }
  const std = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    mean[c]! /= Math.max(1, n);
    const variance = sq[c]! / Math.max(1, n) - mean[c]! * mean[c]!;
    std[c] = variance > 1e-12 ? Math.sqrt(variance) : 1;
  }
  return { mean, std };
}

/** Draws pool indices with probability proportional to their weights. */
function weightedSampler(pool: PixelPool, rng: Random): () => number {
  const cumulative = new Float64Array(pool.count);
  let total = 0;
  for (let i = 0; i < pool.count; i++) cumulative[i] = total += pool.weights[i]!;
  return () => {
    const u = rng.next() * total;
    let lo = 0;
    let hi = pool.count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/** Softmax of z in place; returns the log-sum-exp. */
function softmaxInPlace(z: Float64Array): number {
  let max = -Infinity;
  for (let k = 0; k < z.length; k++) if (z[k]! > max) max = z[k]!;
  let sum = 0;
  for (let k = 0; k < z.length; k++) sum += z[k] = Math.exp(z[k]! - max);
  for (let k = 0; k < z.length; k++) z[k]! /= sum;
  return max + Math.log(sum);
}

/** Scores raw-feature weights (row-major K×C, bias K) on a pool. */
export function scorePool(pool: PixelPool, weight: ArrayLike<number>, bias: ArrayLike<number>, classes: number): PoolScore {
  const { channels } = pool;
  const z = new Float64Array(classes);
  let loss = 0;
  let correct = 0;
  let total = 0;
  for (let i = 0; i < pool.count; i++) {
    const at = i * channels;
    let best = 0;
    for (let k = 0; k < classes; k++) {
      let a = bias[k]!;
      const wo = k * channels;
      for (let c = 0; c < channels; c++) a += weight[wo + c]! * pool.features[at + c]!;
      z[k] = a;
      if (a > z[best]!) best = k;
    }
    const label = pool.labels[i]!;
    const w = pool.weights[i]!;
    const logit = z[label]!;
    loss += w * (softmaxInPlace(z) - logit);
    if (best === label) correct += w;
    total += w;
  }
  return total > 0 ? { loss: loss / total, accuracy: correct / total } : { loss: Number.NaN, accuracy: Number.NaN };
}

/**
 * Fine-tunes a per-pixel linear classifier (softmax cross-entropy) from its current weights:
 * SGD with momentum, weight decay on the weights and a polynomial learning-rate decay, every
 * mini-batch half from `oldPool` (the training data S0) and half from `newPool` (the
 * counterexamples), so the new data is learned without forgetting the old. Features are
 * standardised for the descent (the rate then means the same for any model) and the result is
 * folded back to raw features. Deterministic for a seed. An empty old pool leaves every batch
 * to the new one.
 */
export function fitHead(
  oldPool: PixelPool,
  newPool: PixelPool,
  init: { weight: Float32Array; bias: Float32Array; classes: number },
  options: HeadFitOptions,
  hooks: HeadFitHooks = {},
): HeadFitResult {
  const { classes: K } = init;
  const C = newPool.channels;
  if (newPool.count === 0) throw new RangeError('no counterexample pixels to fit');
  if (oldPool.channels !== C || init.weight.length !== K * C || init.bias.length !== K) throw new RangeError('pools and weights disagree on the sizes');
  const momentum = options.momentum ?? HEAD_FIT_DEFAULTS.momentum;
  const decay = options.weightDecay ?? HEAD_FIT_DEFAULTS.weightDecay;
  const power = options.power ?? HEAD_FIT_DEFAULTS.power;
  const rng = createRandom(options.seed);
  const pools = oldPool.count > 0 ? [oldPool, newPool] : [newPool];
  const { mean, std } = moments(pools, C);

  // Standardised space: x = std ⊙ z + mean, so W·x + b = (W·diag(std))·z + (W·mean + b).
  const w = new Float64Array(K * C);
  const b = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let shift = init.bias[k]!;
    for (let c = 0; c < C; c++) {
      w[k * C + c] = init.weight[k * C + c]! * std[c]!;
      shift += init.weight[k * C + c]! * mean[c]!;
    }
    b[k] = shift;
  }
  const vw = new Float64Array(K * C);
  const vb = new Float64Array(K);
  const gw = new Float64Array(K * C);
  const gb = new Float64Array(K);
  const x = new Float64Array(C);
  const z = new Float64Array(K);
  const draws = pools.map((p) => weightedSampler(p, rng));
  const half = oldPool.count > 0 ? Math.max(1, options.batchSize >> 1) : 0;
  const batch = Math.max(half + 1, options.batchSize);
  const every = Math.max(1, Math.floor(options.iterations / 100));
  let running = Number.NaN;

  for (let t = 0; t < options.iterations; t++) {
    gw.fill(0);
    gb.fill(0);
    let batchLoss = 0;
    for (let s = 0; s < batch; s++) {
      const from = s < half ? 0 : pools.length - 1;
      const pool = pools[from]!;
      const i = draws[from]!();
      const at = i * C;
      for (let c = 0; c < C; c++) x[c] = (pool.features[at + c]! - mean[c]!) / std[c]!;
      for (let k = 0; k < K; k++) {
        let a = b[k]!;
        const wo = k * C;
        for (let c = 0; c < C; c++) a += w[wo + c]! * x[c]!;
        z[k] = a;
      }
      const label = pool.labels[i]!;
      const logit = z[label]!;
      batchLoss += softmaxInPlace(z) - logit;
      for (let k = 0; k < K; k++) {
        const g = z[k]! - (k === label ? 1 : 0);
        gb[k]! += g;
        const wo = k * C;
        for (let c = 0; c < C; c++) gw[wo + c]! += g * x[c]!;
      }
    }
    const lr = options.learningRate * Math.pow(1 - t / options.iterations, power);
    for (let j = 0; j < K * C; j++) {
      vw[j] = momentum * vw[j]! + gw[j]! / batch + decay * w[j]!;
      w[j]! -= lr * vw[j]!;
    }
    for (let k = 0; k < K; k++) {
      vb[k] = momentum * vb[k]! + gb[k]! / batch;
      b[k]! -= lr * vb[k]!;
    }
    const loss = batchLoss / batch;
    running = Number.isNaN(running) ? loss : 0.9 * running + 0.1 * loss;
    if ((t + 1) % every === 0 || t + 1 === options.iterations) hooks.onProgress?.(t + 1, running);
  }

  const weight = new Float32Array(K * C);
  const bias = new Float32Array(K);
  for (let k = 0; k < K; k++) {
    let shift = b[k]!;
    for (let c = 0; c < C; c++) {
      const raw = w[k * C + c]! / std[c]!;
      weight[k * C + c] = raw;
      shift -= raw * mean[c]!;
    }
    bias[k] = shift;
  }
  if (!weight.every(Number.isFinite) || !bias.every(Number.isFinite)) {
    throw new RangeError('the fit diverged (non-finite weights); try a smaller learning rate');
  }
  const score = (pool: PixelPool, wt: ArrayLike<number>, bs: ArrayLike<number>) => scorePool(pool, wt, bs, K);
  return {
    weight,
    bias,
    before: { old: oldPool.count > 0 ? score(oldPool, init.weight, init.bias) : null, new: score(newPool, init.weight, init.bias) },
    after: { old: oldPool.count > 0 ? score(oldPool, weight, bias) : null, new: score(newPool, weight, bias) },
  };
}
