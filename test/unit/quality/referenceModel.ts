import { mulberry32 } from '../../../shared/mining/prng.js';

/**
 * A deliberately naive transcription of the reference behaviour (spec §6): full arrays, a full stable
 * sort, plain float64 means. The tests compare the streaming implementation with it on small random
 * cases, including heavy ties and downsampling.
 */

export interface ModelInput {
  readonly labels: ArrayLike<number>;
  readonly probs: Float32Array;
  readonly N: number;
  readonly K: number;
  readonly H: number;
  readonly W: number;
  readonly ignoreIndex?: number;
}

function roundHalfEvenModel(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff < 0.5) return floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

function argmax(values: number[]): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k]! > values[best]!) best = k;
  return best;
}

export function modelFindIssues(input: ModelInput, D = 1, labelMode: 'majority' | 'compatible-mean' = 'compatible-mean') {
  const { labels, probs, N, K, H, W, ignoreIndex } = input;
  const h = H / D;
  const w = W / D;
  const isValid = (l: number): boolean => l !== ignoreIndex;
  // Working resolution.
  const workLabels: number[] = [];
  const workProbs: number[][] = [];
  for (let n = 0; n < N; n++) {
    for (let a = 0; a < h; a++) {
      for (let b = 0; b < w; b++) {
        const block: number[] = [];
        const mean = new Array<number>(K).fill(0);
        for (let dy = 0; dy < D; dy++) {
          for (let dx = 0; dx < D; dx++) {
            const y = a * D + dy;
            const x = b * D + dx;
            const l = labels[(n * H + y) * W + x]!;
            if (isValid(l)) block.push(l);
            for (let k = 0; k < K; k++) mean[k]! += probs[((n * K + k) * H + y) * W + x]!;
          }
        }
        let label: number;
        if (block.length === 0) label = -1;
        else if (labelMode === 'compatible-mean') label = roundHalfEvenModel(block.reduce((s, v) => s + v, 0) / block.length);
        else {
          const votes = new Array<number>(K).fill(0);
          for (const l of block) votes[l]!++;
          label = argmax(votes);
        }
        for (let k = 0; k < K; k++) mean[k]! /= D * D;
        workLabels.push(label);
        if (D === 1) workProbs.push(mean.map((v) => Math.fround(v)));
        else {
          const total = mean.reduce((s, v) => s + v, 0);
          workProbs.push(mean.map((v) => Math.fround(v / total)));
        }
      }
    }
  }
  const M = workLabels.length;
  const sums = new Array<number>(K).fill(0);
  const counts = new Array<number>(K).fill(0);
  for (let i = 0; i < M; i++) {
    const l = workLabels[i]!;
    if (l < 0) continue;
    sums[l]! += workProbs[i]![l]!;
    counts[l]!++;
  }
  const thresholds = sums.map((s, k) => (counts[k] === 0 ? 2e-6 : Math.max(2e-6, s / counts[k]!)));
  let Q = 0;
  for (let i = 0; i < M; i++) {
    const l = workLabels[i]!;
    if (l < 0) continue;
    const p = workProbs[i]!;
    const pred = argmax(p);
    if (pred !== l && p[pred]! >= thresholds[pred]! - 1e-6) Q++;
  }
  const order = [...Array(M).keys()].filter((i) => workLabels[i]! >= 0);
  order.sort((i, j) => workProbs[i]![workLabels[i]!]! - workProbs[j]![workLabels[j]!]! || i - j);
  const selected = new Uint8Array(M);
  for (const i of order.slice(0, Q)) selected[i] = 1;
  const mask = new Uint8Array(N * H * W);
  for (let n = 0; n < N; n++) {
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const cell = (n * h + Math.floor(y / D)) * w + Math.floor(x / D);
        const l = labels[(n * H + y) * W + x]!;
        if (!selected[cell] || !isValid(l)) continue;
        const p = Array.from({ length: K }, (_, k) => probs[((n * K + k) * H + y) * W + x]!);
        if (argmax(p) !== l) mask[(n * H + y) * W + x] = 1;
      }
    }
  }
  return { thresholds, Q, mask };
}

/** Deterministic uniform numbers in [0, 1): the project's seeded generator. */
export const rng = mulberry32;

/**
 * A random case: blobs of labels, probabilities that mostly agree with them, optionally quantised to a few
 * levels so that many self-confidences tie exactly.
 */
export function randomCase(seed: number, N: number, K: number, H: number, W: number, levels = 0) {
  const random = rng(seed);
  const labels = new Uint8Array(N * H * W);
  const probs = new Float32Array(N * K * H * W);
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < H * W; i++) {
      const truth = Math.floor(((i % W) / W) * K + random() * 1.5) % K;
      labels[n * H * W + i] = random() < 0.15 ? Math.floor(random() * K) : truth;
      const raw = Array.from({ length: K }, (_, k) => (k === truth ? 2 + 3 * random() : random()));
      const total = raw.reduce((s, v) => s + v, 0);
      for (let k = 0; k < K; k++) {
        const p = raw[k]! / total;
        probs[(n * K + k) * H * W + i] = levels > 0 ? Math.round(p * levels) / levels : p;
      }
    }
  }
  return { labels, probs };
}
