import { shuffleInPlace } from '../../shared/mining/prng.js';
import { createRandom } from '../random.js';

/** Labelled feature vectors of single pixels. */
export interface PixelSamples {
  /** Row-major, `count × dims`. */
  features: Float32Array;
  labels: Uint8Array;
  count: number;
  dims: number;
}

/**
 * Weights of a per-pixel two-layer network, as 1×1 convolutions use them:
 * logits = W2 · relu(W1 · x + b1) + b2. Row-major: hiddenWeight is hidden × inputs,
 * outputWeight is classes × hidden.
 */
export interface MlpWeights {
  inputs: number;
  hidden: number;
  classes: number;
  hiddenWeight: Float32Array;
  hiddenBias: Float32Array;
  outputWeight: Float32Array;
  outputBias: Float32Array;
}

export interface FitOptions {
  hidden: number;
  classes: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** L2 penalty on weights (not biases). */
  weightDecay?: number;
}

export interface FitResult {
  weights: MlpWeights;
  /** Mean cross-entropy over the samples in the last epoch. */
  finalLoss: number;
}

/** Per-dimension mean and standard deviation (a constant dimension gets std 1). */
export function featureMoments(samples: PixelSamples): { mean: Float64Array; std: Float64Array } {
  const { features, count, dims } = samples;
  const mean = new Float64Array(dims);
  const sq = new Float64Array(dims);
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < dims; d++) {
      const v = features[i * dims + d]!;
      mean[d]! += v;
      sq[d]! += v * v;
    }
  }
  const std = new Float64Array(dims);
  for (let d = 0; d < dims; d++) {
    mean[d]! /= count;
    const variance = sq[d]! / count - mean[d]! * mean[d]!;
    std[d] = variance > 1e-12 ? Math.sqrt(variance) : 1;
  }
  return { mean, std };
}

/**
 * Fits the network with softmax cross-entropy by mini-batch Adam on standardised features,
 * then folds the standardisation into the first layer so the weights apply to raw features.
 * Deterministic for a seed.
 */
export function fitPixelMlp(samples: PixelSamples, options: FitOptions): FitResult {
  const { count, dims } = samples;
  const { hidden: H, classes: K, batchSize } = options;
  if (count === 0) throw new Error('no samples to fit');
  const decay = options.weightDecay ?? 1e-4;
  const rng = createRandom(options.seed);
  const { mean, std } = featureMoments(samples);
  const x = new Float32Array(count * dims);
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < dims; d++) x[i * dims + d] = (samples.features[i * dims + d]! - mean[d]!) / std[d]!;
  }

  // One flat parameter vector: [W1 (H×D), b1 (H), W2 (K×H), b2 (K)], so Adam is one loop.
  const offW1 = 0;
  const offB1 = H * dims;
  const offW2 = offB1 + H;
  const offB2 = offW2 + K * H;
  const size = offB2 + K;
  const params = new Float64Array(size);
  const grads = new Float64Array(size);
  const m1 = new Float64Array(size);
  const m2 = new Float64Array(size);
  const initScale1 = Math.sqrt(2 / dims);
  for (let i = 0; i < H * dims; i++) params[offW1 + i] = rng.normal() * initScale1;
  const initScale2 = Math.sqrt(1 / H);
  for (let i = 0; i < K * H; i++) params[offW2 + i] = rng.normal() * initScale2;

  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  const h = new Float64Array(H);
  const z = new Float64Array(K);
  const dh = new Float64Array(H);
  const beta1 = 0.9;
  const beta2 = 0.999;
  let step = 0;
  let epochLoss = 0;

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, () => rng.next());
    // Linear decay to a tenth of the rate over the run.
    const lr = options.learningRate * (1 - (0.9 * epoch) / Math.max(1, options.epochs - 1));
    epochLoss = 0;
    for (let start = 0; start < count; start += batchSize) {
      const end = Math.min(count, start + batchSize);
      grads.fill(0);
      for (let b = start; b < end; b++) {
        const s = order[b]!;
        const xo = s * dims;
        for (let u = 0; u < H; u++) {
          let a = params[offB1 + u]!;
          const wo = offW1 + u * dims;
          for (let d = 0; d < dims; d++) a += params[wo + d]! * x[xo + d]!;
          h[u] = a > 0 ? a : 0;
        }
        let max = -Infinity;
        for (let k = 0; k < K; k++) {
          let a = params[offB2 + k]!;
          const wo = offW2 + k * H;
          for (let u = 0; u < H; u++) a += params[wo + u]! * h[u]!;
          z[k] = a;
          if (a > max) max = a;
        }
        let sum = 0;
        for (let k = 0; k < K; k++) {
          z[k] = Math.exp(z[k]! - max);
          sum += z[k]!;
        }
        const label = samples.labels[s]!;
        epochLoss -= Math.log(Math.max(1e-12, z[label]! / sum));
        dh.fill(0);
        for (let k = 0; k < K; k++) {
          const g = z[k]! / sum - (k === label ? 1 : 0);
          grads[offB2 + k]! += g;
          const wo = offW2 + k * H;
          for (let u = 0; u < H; u++) {
            grads[wo + u]! += g * h[u]!;
            dh[u]! += g * params[wo + u]!;
          }
        }
        for (let u = 0; u < H; u++) {
          if (h[u]! <= 0) continue;
          const g = dh[u]!;
          grads[offB1 + u]! += g;
          const wo = offW1 + u * dims;
          for (let d = 0; d < dims; d++) grads[wo + d]! += g * x[xo + d]!;
        }
      }
      step++;
      const n = end - start;
      const c1 = 1 - Math.pow(beta1, step);
      const c2 = 1 - Math.pow(beta2, step);
      for (let i = 0; i < size; i++) {
        const isWeight = i < offB1 || (i >= offW2 && i < offB2);
        const g = grads[i]! / n + (isWeight ? decay * params[i]! : 0);
        m1[i] = beta1 * m1[i]! + (1 - beta1) * g;
        m2[i] = beta2 * m2[i]! + (1 - beta2) * g * g;
        params[i]! -= (lr * (m1[i]! / c1)) / (Math.sqrt(m2[i]! / c2) + 1e-8);
      }
    }
  }

  const hiddenWeight = new Float32Array(H * dims);
  const hiddenBias = new Float32Array(H);
  for (let u = 0; u < H; u++) {
    let bias = params[offB1 + u]!;
    for (let d = 0; d < dims; d++) {
      const w = params[offW1 + u * dims + d]! / std[d]!;
      hiddenWeight[u * dims + d] = w;
      bias -= w * mean[d]!;
    }
    hiddenBias[u] = bias;
  }
  return {
    weights: {
      inputs: dims,
      hidden: H,
      classes: K,
      hiddenWeight,
      hiddenBias,
      outputWeight: Float32Array.from(params.subarray(offW2, offB2)),
      outputBias: Float32Array.from(params.subarray(offB2, size)),
    },
    finalLoss: epochLoss / count,
  };
}

/** Class scores of one feature vector under fitted weights (for checks and tests). */
export function predictPixel(weights: MlpWeights, feature: ArrayLike<number>): Float64Array {
  const h = new Float64Array(weights.hidden);
  for (let u = 0; u < weights.hidden; u++) {
    let a = weights.hiddenBias[u]!;
    for (let d = 0; d < weights.inputs; d++) a += weights.hiddenWeight[u * weights.inputs + d]! * feature[d]!;
    h[u] = a > 0 ? a : 0;
  }
  const z = new Float64Array(weights.classes);
  for (let k = 0; k < weights.classes; k++) {
    let a = weights.outputBias[k]!;
    for (let u = 0; u < weights.hidden; u++) a += weights.outputWeight[k * weights.hidden + u]! * h[u]!;
    z[k] = a;
  }
  return z;
}
