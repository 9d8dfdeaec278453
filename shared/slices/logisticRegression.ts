import { mulberry32, shuffleInPlace } from '../mining/prng.js';
import { auroc } from './auroc.js';

/**
 * L2-regularised logistic regression, fitted by Newton's method (iteratively reweighted least
 * squares) on standardised features: minimises Σ log(1 + e^{−ỹ·(w·x + b)}) + (λ/2)·|w|² with the
 * intercept b unpenalised. The embeddings reaching it are reduced to a few dozen dimensions, so
 * the (d+1)² Hessian is small and Newton converges in a handful of steps.
 */

export interface LogisticModel {
  /** Per-feature mean and scale the weights apply to (x − mean) / scale. */
  mean: Float64Array;
  scale: Float64Array;
  weights: Float64Array;
  bias: number;
}

export interface LogisticOptions {
  lambda?: number;
  maxIterations?: number;
  tolerance?: number;
}

function sigmoid(t: number): number {
  return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
}

/** Solves A·x = b in place for a symmetric positive definite A (n×n, row-major) by Cholesky. */
function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let diag = a[j * n + j]!;
    for (let k = 0; k < j; k++) diag -= a[j * n + k]! ** 2;
    if (!(diag > 0)) throw new Error('the Hessian is not positive definite');
    const l = Math.sqrt(diag);
    a[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let v = a[i * n + j]!;
      for (let k = 0; k < j; k++) v -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = v / l;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let v = x[i]!;
    for (let k = 0; k < i; k++) v -= a[i * n + k]! * x[k]!;
    x[i] = v / a[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let v = x[i]!;
    for (let k = i + 1; k < n; k++) v -= a[k * n + i]! * x[k]!;
    x[i] = v / a[i * n + i]!;
  }
  return x;
}

/** Fits on the rows listed in `rows` of X (n×d row-major) with labels y (0/1). */
export function fitLogistic(x: ArrayLike<number>, dims: number, y: ArrayLike<number>, rows: ArrayLike<number>, options: LogisticOptions = {}): LogisticModel {
  const lambda = options.lambda ?? 1;
  const maxIterations = options.maxIterations ?? 25;
  const tolerance = options.tolerance ?? 1e-8;
  const m = rows.length;
  const mean = new Float64Array(dims);
  const scale = new Float64Array(dims);
  for (let r = 0; r < m; r++) {
    const o = rows[r]! * dims;
    for (let j = 0; j < dims; j++) mean[j]! += x[o + j]!;
  }
  for (let j = 0; j < dims; j++) mean[j]! /= Math.max(1, m);
  for (let r = 0; r < m; r++) {
    const o = rows[r]! * dims;
    for (let j = 0; j < dims; j++) scale[j]! += (x[o + j]! - mean[j]!) ** 2;
  }
  for (let j = 0; j < dims; j++) scale[j] = Math.sqrt(scale[j]! / Math.max(1, m)) || 1;

  const p = dims + 1;
  const z = new Float64Array(m * p);
  for (let r = 0; r < m; r++) {
    const o = rows[r]! * dims;
    for (let j = 0; j < dims; j++) z[r * p + j] = (x[o + j]! - mean[j]!) / scale[j]!;
    z[r * p + dims] = 1;
  }
  const beta = new Float64Array(p);
  const gradient = new Float64Array(p);
  const hessian = new Float64Array(p * p);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    gradient.fill(0);
    hessian.fill(0);
    for (let r = 0; r < m; r++) {
      const row = r * p;
      let t = 0;
      for (let j = 0; j < p; j++) t += beta[j]! * z[row + j]!;
      const q = sigmoid(t);
      const residual = q - (y[rows[r]!] ? 1 : 0);
      const weight = Math.max(q * (1 - q), 1e-12);
      for (let j = 0; j < p; j++) {
        const zj = z[row + j]!;
        gradient[j]! += residual * zj;
        const wz = weight * zj;
        for (let k = 0; k <= j; k++) hessian[j * p + k]! += wz * z[row + k]!;
      }
    }
    for (let j = 0; j < dims; j++) {
      gradient[j]! += lambda * beta[j]!;
      hessian[j * p + j]! += lambda;
    }
    // The intercept is unpenalised; a tiny ridge keeps the Hessian definite when one class is absent.
    hessian[dims * p + dims]! += 1e-9;
    for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) hessian[k * p + j] = hessian[j * p + k]!;
    const step = choleskySolve(hessian, gradient, p);
    let change = 0;
    for (let j = 0; j < p; j++) {
      beta[j]! -= step[j]!;
      change = Math.max(change, Math.abs(step[j]!));
    }
    if (change < tolerance) break;
  }
  return { mean, scale, weights: beta.slice(0, dims), bias: beta[dims]! };
}

/** The model's linear score w·x + b of row `row` of X (a monotone stand-in for the probability). */
export function logisticScore(model: LogisticModel, x: ArrayLike<number>, dims: number, row: number): number {
  let t = model.bias;
  const o = row * dims;
  for (let j = 0; j < dims; j++) t += (model.weights[j]! * (x[o + j]! - model.mean[j]!)) / model.scale[j]!;
  return t;
}

/** Stratified fold of every row: failures and passes are each dealt round-robin after a seeded shuffle. */
export function stratifiedFolds(y: ArrayLike<number>, folds: number, seed: number): Int32Array {
  const random = mulberry32(seed);
  const fold = new Int32Array(y.length);
  for (const label of [0, 1]) {
    const rows: number[] = [];
    for (let i = 0; i < y.length; i++) if ((y[i] ? 1 : 0) === label) rows.push(i);
    shuffleInPlace(rows, random).forEach((row, k) => (fold[row] = k % folds));
  }
  return fold;
}

export interface CrossValidatedAuroc {
  /** Mean over the folds of each fold's held-out AUROC; NaN when a class has fewer than two rows. */
  auroc: number;
  folds: number;
  foldAurocs: number[];
}

/**
 * Stratified k-fold cross-validated AUROC of predicting y from X: each fold is scored by the model
 * fitted on the other folds. Fold AUROCs are averaged rather than pooling the scores, because
 * models fitted on different folds put their scores on different scales.
 */
export function crossValidatedAuroc(
  x: ArrayLike<number>,
  dims: number,
  y: ArrayLike<number>,
  options: LogisticOptions & { folds?: number; seed?: number } = {},
): CrossValidatedAuroc {
  const n = y.length;
  let positives = 0;
  for (let i = 0; i < n; i++) if (y[i]) positives++;
  const folds = Math.max(2, Math.min(options.folds ?? 5, positives, n - positives));
  if (positives < 2 || n - positives < 2) return { auroc: Number.NaN, folds: 0, foldAurocs: [] };
  const fold = stratifiedFolds(y, folds, options.seed ?? 1);
  const foldAurocs: number[] = [];
  for (let f = 0; f < folds; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? test : train).push(i);
    const model = fitLogistic(x, dims, y, train, options);
    foldAurocs.push(auroc(test.map((i) => logisticScore(model, x, dims, i)), test.map((i) => (y[i] ? 1 : 0))));
  }
  return { auroc: foldAurocs.reduce((a, b) => a + b, 0) / folds, folds, foldAurocs };
}
