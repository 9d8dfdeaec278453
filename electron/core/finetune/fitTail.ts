import { createRandom, type Random } from '../../../models/random.js';
import type { PixelPool } from './pixelReservoir.js';

/**
 * A trainable tail: a chain of pointwise layers (1×1 convolutions with biases, batch norm folded
 * in) over per-pixel features, each but possibly the last followed by ReLU; the last gives the
 * class logits. The classifier head alone is the one-layer tail without ReLU.
 */
export interface TailLayer {
  /** Row-major out × in. */
  weight: Float32Array;
  bias: Float32Array;
  out: number;
  in: number;
  relu: boolean;
}

export interface TailFitOptions {
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

/** Early stopping on a validation pool: scored every `every` iterations, stopped after `patience` checks without a better mIoU. */
export interface TailValidation {
  pool: PixelPool;
  every: number;
  patience: number;
}

/** Mean cross-entropy and pixel accuracy of a classifier on a pool, each pixel weighted by what it stands for. */
export interface PoolScore {
  loss: number;
  accuracy: number;
}

export interface TailFitResult {
  layers: TailLayer[];
  before: { old: PoolScore | null; new: PoolScore };
  after: { old: PoolScore | null; new: PoolScore };
  /** With validation: the pool's mIoU before, at each check, and the iteration whose weights are kept. */
  validation: { before: number; checks: Array<{ iteration: number; miou: number }>; best: { iteration: number; miou: number }; stoppedAt: number } | null;
}

export interface TailFitHooks {
  /** Called every few iterations with the iterations done and the running mini-batch loss. */
  onProgress?(done: number, loss: number): void;
}

export const TAIL_FIT_DEFAULTS = { momentum: 0.9, weightDecay: 5e-4, power: 0.9 } as const;

/** Checks that the layers chain: each takes the previous one's outputs, the first the pool's channels, the last gives `classes`. */
export function checkChain(layers: readonly TailLayer[], channels: number, classes: number): void {
  if (layers.length === 0) throw new RangeError('a tail needs at least one layer');
  let width = channels;
  for (const [i, layer] of layers.entries()) {
    if (layer.in !== width || layer.weight.length !== layer.out * layer.in || layer.bias.length !== layer.out) {
      throw new RangeError(`tail layer ${i} is ${layer.out}×${layer.in} with ${layer.weight.length} weights and ${layer.bias.length} biases; it must take ${width} inputs`);
    }
    width = layer.out;
  }
  if (width !== classes) throw new RangeError(`the tail ends in ${width} outputs, not the ${classes} classes`);
}

/** Per-channel mean and standard deviation over the pools (a constant channel gets std 1). */
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

/** Float64 working copy of a tail's parameters, with activations for one pixel. */
interface Net {
  w: Float64Array[];
  b: Float64Array[];
  shape: Array<{ out: number; in: number; relu: boolean }>;
  /** acts[0] = input, acts[l + 1] = output of layer l (after ReLU where it has one). */
  acts: Float64Array[];
  deltas: Float64Array[];
}

function toNet(layers: readonly TailLayer[]): Net {
  return {
    w: layers.map((l) => Float64Array.from(l.weight)),
    b: layers.map((l) => Float64Array.from(l.bias)),
    shape: layers.map((l) => ({ out: l.out, in: l.in, relu: l.relu })),
    acts: [new Float64Array(layers[0]!.in), ...layers.map((l) => new Float64Array(l.out))],
    deltas: layers.map((l) => new Float64Array(l.out)),
  };
}

/** Runs the tail on net.acts[0]; the last activation holds the logits. */
function forward(net: Net): Float64Array {
  for (let l = 0; l < net.shape.length; l++) {
    const { out, in: inputs, relu } = net.shape[l]!;
    const x = net.acts[l]!;
    const y = net.acts[l + 1]!;
    const w = net.w[l]!;
    const b = net.b[l]!;
    for (let o = 0; o < out; o++) {
      let a = b[o]!;
      const row = o * inputs;
      for (let i = 0; i < inputs; i++) a += w[row + i]! * x[i]!;
      y[o] = relu && a < 0 ? 0 : a;
    }
  }
  return net.acts[net.shape.length]!;
}

/**
 * Cross-entropy of one pixel (input already in net.acts[0]) and its gradient added to gw/gb.
 * Backpropagation through the chain: δ_L = softmax − onehot, δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ [a_l > 0].
 */
function backpropPixel(net: Net, label: number, gw: Float64Array[], gb: Float64Array[]): number {
  const L = net.shape.length;
  const z = forward(net);
  const logit = z[label]!;
  const loss = softmaxInPlace(z) - logit;
  const top = net.deltas[L - 1]!;
  for (let k = 0; k < top.length; k++) top[k] = z[k]! - (k === label ? 1 : 0);
  for (let l = L - 1; l >= 0; l--) {
    const { out, in: inputs } = net.shape[l]!;
    const delta = net.deltas[l]!;
    const x = net.acts[l]!;
    const w = net.w[l]!;
    const g = gw[l]!;
    const gbl = gb[l]!;
    for (let o = 0; o < out; o++) {
      const d = delta[o]!;
      if (d === 0) continue;
      gbl[o]! += d;
      const row = o * inputs;
      for (let i = 0; i < inputs; i++) g[row + i]! += d * x[i]!;
    }
    if (l === 0) break;
    const below = net.deltas[l - 1]!;
    const reluBelow = net.shape[l - 1]!.relu;
    for (let i = 0; i < inputs; i++) {
      if (reluBelow && x[i]! <= 0) {
        below[i] = 0;
        continue;
      }
      let s = 0;
      for (let o = 0; o < out; o++) s += w[o * inputs + i]! * delta[o]!;
      below[i] = s;
    }
  }
  return loss;
}

/**
 * The loss of one pixel and the gradient of every weight and bias (row-major, like the layers):
 * the backward pass the fit uses, exposed so it can be checked against finite differences.
 */
export function pixelGradient(layers: readonly TailLayer[], input: ArrayLike<number>, label: number): { loss: number; weight: Float64Array[]; bias: Float64Array[] } {
  const net = toNet(layers);
  net.acts[0]!.set(Array.from(input));
  const weight = layers.map((l) => new Float64Array(l.weight.length));
  const bias = layers.map((l) => new Float64Array(l.bias.length));
  const loss = backpropPixel(net, label, weight, bias);
  return { loss, weight, bias };
}

function loadPixel(net: Net, pool: PixelPool, i: number, mean?: Float64Array, std?: Float64Array): void {
  const x = net.acts[0]!;
  const at = i * pool.channels;
  for (let c = 0; c < pool.channels; c++) x[c] = mean && std ? (pool.features[at + c]! - mean[c]!) / std[c]! : pool.features[at + c]!;
}

/** Scores a tail on a pool: weighted mean cross-entropy and pixel accuracy. */
export function scoreTail(pool: PixelPool, layers: readonly TailLayer[]): PoolScore {
  const net = toNet(layers);
  let loss = 0;
  let correct = 0;
  let total = 0;
  for (let i = 0; i < pool.count; i++) {
    loadPixel(net, pool, i);
    const z = forward(net);
    let best = 0;
    for (let k = 1; k < z.length; k++) if (z[k]! > z[best]!) best = k;
    const label = pool.labels[i]!;
    const w = pool.weights[i]!;
    const logit = z[label]!;
    loss += w * (softmaxInPlace(z) - logit);
    if (best === label) correct += w;
    total += w;
  }
  return total > 0 ? { loss: loss / total, accuracy: correct / total } : { loss: Number.NaN, accuracy: Number.NaN };
}

/** Mean IoU of the tail's predictions on a pool, from the weighted confusion matrix; classes neither labelled nor predicted are left out. */
export function tailMiou(pool: PixelPool, layers: readonly TailLayer[]): number {
  const net = toNet(layers);
  const K = layers[layers.length - 1]!.out;
  const hit = new Float64Array(K);
  const labelled = new Float64Array(K);
  const predicted = new Float64Array(K);
  for (let i = 0; i < pool.count; i++) {
    loadPixel(net, pool, i);
    const z = forward(net);
    let best = 0;
    for (let k = 1; k < K; k++) if (z[k]! > z[best]!) best = k;
    const label = pool.labels[i]!;
    const w = pool.weights[i]!;
    labelled[label]! += w;
    predicted[best]! += w;
    if (best === label) hit[label]! += w;
  }
  let sum = 0;
  let n = 0;
  for (let k = 0; k < K; k++) {
    const union = labelled[k]! + predicted[k]! - hit[k]!;
    if (union <= 0) continue;
    sum += hit[k]! / union;
    n++;
  }
  return n > 0 ? sum / n : Number.NaN;
}

/** Raw-feature layers from the working net: the first layer's standardisation folded back into its weights. */
function toLayers(net: Net, mean: Float64Array, std: Float64Array): TailLayer[] {
  return net.shape.map((s, l) => {
    const weight = new Float32Array(s.out * s.in);
    const bias = new Float32Array(s.out);
    for (let o = 0; o < s.out; o++) {
      let shift = net.b[l]![o]!;
      for (let i = 0; i < s.in; i++) {
        const raw = l === 0 ? net.w[l]![o * s.in + i]! / std[i]! : net.w[l]![o * s.in + i]!;
        weight[o * s.in + i] = raw;
        if (l === 0) shift -= raw * mean[i]!;
      }
      bias[o] = shift;
    }
    return { ...s, weight, bias };
  });
}

/**
 * Fine-tunes a tail (softmax cross-entropy) from its current weights: SGD with momentum, weight
 * decay on the weights and a polynomial learning-rate decay, every mini-batch half from `oldPool`
 * (the training data S0) and half from `newPool` (the counterexamples), so the new data is
 * learned without forgetting the old. The input features are standardised for the descent (the
 * rate then means the same for any model) and the result is folded back into the first layer.
 * With a validation pool the weights kept are those of the check with the best mIoU, and the
 * descent stops after `patience` checks without one. Deterministic for a seed. An empty old pool
 * leaves every batch to the new one.
 */
export function fitTail(
  oldPool: PixelPool,
  newPool: PixelPool,
  init: readonly TailLayer[],
  options: TailFitOptions,
  validation: TailValidation | null = null,
  hooks: TailFitHooks = {},
): TailFitResult {
  const C = newPool.channels;
  const K = init[init.length - 1]?.out ?? 0;
  if (newPool.count === 0) throw new RangeError('no counterexample pixels to fit');
  if (oldPool.channels !== C) throw new RangeError('the two pools disagree on the channels');
  checkChain(init, C, K);
  const momentum = options.momentum ?? TAIL_FIT_DEFAULTS.momentum;
  const decay = options.weightDecay ?? TAIL_FIT_DEFAULTS.weightDecay;
  const power = options.power ?? TAIL_FIT_DEFAULTS.power;
  const rng = createRandom(options.seed);
  const pools = oldPool.count > 0 ? [oldPool, newPool] : [newPool];
  const { mean, std } = moments(pools, C);

  // Standardised space for the first layer: x = std ⊙ z + mean, so W·x + b = (W·diag(std))·z + (W·mean + b).
  const net = toNet(init);
  const first = init[0]!;
  for (let o = 0; o < first.out; o++) {
    let shift = first.bias[o]!;
    for (let i = 0; i < C; i++) {
      net.w[0]![o * C + i] = first.weight[o * C + i]! * std[i]!;
      shift += first.weight[o * C + i]! * mean[i]!;
    }
    net.b[0]![o] = shift;
  }
  const vw = net.w.map((w) => new Float64Array(w.length));
  const vb = net.b.map((b) => new Float64Array(b.length));
  const gw = net.w.map((w) => new Float64Array(w.length));
  const gb = net.b.map((b) => new Float64Array(b.length));
  const draws = pools.map((p) => weightedSampler(p, rng));
  const half = oldPool.count > 0 ? Math.max(1, options.batchSize >> 1) : 0;
  const batch = Math.max(half + 1, options.batchSize);
  const every = Math.max(1, Math.floor(options.iterations / 100));
  let running = Number.NaN;

  const before = validation ? tailMiou(validation.pool, init) : Number.NaN;
  const checks: Array<{ iteration: number; miou: number }> = [];
  let best: { iteration: number; miou: number; layers: TailLayer[] } | null = null;
  let sinceBest = 0;
  let stoppedAt = options.iterations;

  for (let t = 0; t < options.iterations; t++) {
    for (const g of gw) g.fill(0);
    for (const g of gb) g.fill(0);
    let batchLoss = 0;
    for (let s = 0; s < batch; s++) {
      const from = s < half ? 0 : pools.length - 1;
      const pool = pools[from]!;
      const i = draws[from]!();
      loadPixel(net, pool, i, mean, std);
      batchLoss += backpropPixel(net, pool.labels[i]!, gw, gb);
    }
    const lr = options.learningRate * Math.pow(1 - t / options.iterations, power);
    for (let l = 0; l < net.w.length; l++) {
      const w = net.w[l]!;
      const v = vw[l]!;
      const g = gw[l]!;
      for (let j = 0; j < w.length; j++) {
        v[j] = momentum * v[j]! + g[j]! / batch + decay * w[j]!;
        w[j]! -= lr * v[j]!;
      }
      const b = net.b[l]!;
      const u = vb[l]!;
      const h = gb[l]!;
      for (let j = 0; j < b.length; j++) {
        u[j] = momentum * u[j]! + h[j]! / batch;
        b[j]! -= lr * u[j]!;
      }
    }
    const loss = batchLoss / batch;
    running = Number.isNaN(running) ? loss : 0.9 * running + 0.1 * loss;
    if ((t + 1) % every === 0 || t + 1 === options.iterations) hooks.onProgress?.(t + 1, running);
    if (validation && ((t + 1) % validation.every === 0 || t + 1 === options.iterations)) {
      const layers = toLayers(net, mean, std);
      const miou = tailMiou(validation.pool, layers);
      checks.push({ iteration: t + 1, miou });
      if (!best || miou > best.miou) {
        best = { iteration: t + 1, miou, layers };
        sinceBest = 0;
      } else if (++sinceBest >= validation.patience) {
        stoppedAt = t + 1;
        break;
      }
    }
  }

  const layers = best ? best.layers : toLayers(net, mean, std);
  if (!layers.every((l) => l.weight.every(Number.isFinite) && l.bias.every(Number.isFinite))) {
    throw new RangeError('the fit diverged (non-finite weights); try a smaller learning rate');
  }
  return {
    layers,
    before: { old: oldPool.count > 0 ? scoreTail(oldPool, init) : null, new: scoreTail(newPool, init) },
    after: { old: oldPool.count > 0 ? scoreTail(oldPool, layers) : null, new: scoreTail(newPool, layers) },
    validation: validation && best ? { before, checks, best: { iteration: best.iteration, miou: best.miou }, stoppedAt } : null,
  };
}
