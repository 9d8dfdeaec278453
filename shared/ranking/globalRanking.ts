import { dominanceMatrix, type PerformanceMatrix } from './dominance.js';

/**
 * Global ranking of spec §7: the principal eigenvector of the dominance matrix F. F is strictly
 * positive, so by Perron–Frobenius that eigenvector is unique and positive, and power iteration
 * from the uniform vector converges to it.
 */

export interface PowerIterationOptions {
  /** Stop when the L1 change of the sum-normalised vector falls below this. */
  tolerance?: number;
  maxIterations?: number;
}

export interface EigenResult {
  /** Principal eigenvector normalised to sum 1. */
  vector: number[];
  eigenvalue: number;
  iterations: number;
  converged: boolean;
}

export interface GlobalRanking extends EigenResult {
  /** Model indices, best first; ties (equal to 1e-9) by smaller index. */
  order: number[];
  dominance: number[][];
}

/** Principal eigenvector of a positive square matrix by power iteration, normalised to sum 1. */
export function principalEigenvector(matrix: ReadonlyArray<ReadonlyArray<number>>, options: PowerIterationOptions = {}): EigenResult {
  const tolerance = options.tolerance ?? 1e-12;
  const maxIterations = options.maxIterations ?? 10_000;
  const m = matrix.length;
  if (m === 0) return { vector: [], eigenvalue: 0, iterations: 0, converged: true };
  let v = new Float64Array(m).fill(1 / m);
  let next = new Float64Array(m);
  let eigenvalue = 0;
  for (let it = 1; it <= maxIterations; it++) {
    let sum = 0;
    for (let a = 0; a < m; a++) {
      const row = matrix[a] as ReadonlyArray<number>;
      let s = 0;
      for (let b = 0; b < m; b++) s += (row[b] as number) * (v[b] as number);
      next[a] = s;
      sum += s;
    }
    if (!(sum > 0) || !Number.isFinite(sum)) throw new RangeError('matrix must be positive and finite for power iteration');
    // v sums to 1, so the sum of F·v is the eigenvalue estimate.
    eigenvalue = sum;
    let change = 0;
    for (let a = 0; a < m; a++) {
      const x = (next[a] as number) / sum;
      change += Math.abs(x - (v[a] as number));
      next[a] = x;
    }
    [v, next] = [next, v];
    if (change < tolerance) return { vector: [...v], eigenvalue, iterations: it, converged: true };
  }
  return { vector: [...v], eigenvalue, iterations: maxIterations, converged: false };
}

/** Indices sorted by score descending; scores equal to 1e-9 count as tied and keep index order. */
export function rankOrder(scores: readonly number[]): number[] {
  const key = scores.map((s) => Math.round(s * 1e9));
  return scores.map((_, i) => i).sort((a, b) => (key[b] as number) - (key[a] as number) || a - b);
}

/** Ranks models from the pairwise performance matrix P (null = pair not measured). */
export function globalRanking(performance: PerformanceMatrix, options: PowerIterationOptions = {}): GlobalRanking {
  const dominance = dominanceMatrix(performance);
  const eigen = principalEigenvector(dominance, options);
  return { ...eigen, order: rankOrder(eigen.vector), dominance };
}
