import { mulberry32, shuffleInPlace } from '../mining/prng.js';
import { kmeans, type KMeansOptions, type KMeansResult } from './kmeans.js';

/**
 * Mean silhouette (Rousseeuw 1987) with Euclidean distances: for point i, a = mean distance to
 * the other points of its cluster, b = the smallest mean distance to another cluster, and
 * s = (b − a) / max(a, b); a point alone in its cluster scores 0 (as scikit-learn does).
 * `distances` is the full n×n matrix, so that several clusterings of the same points share it.
 */
export function silhouetteFromDistances(distances: Float64Array, n: number, assignment: ArrayLike<number>, k: number): number {
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[assignment[i]!]!++;
  const sums = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    const row = i * n;
    for (let j = 0; j < n; j++) sums[assignment[j]!]! += distances[row + j]!;
    const own = assignment[i]!;
    if (sizes[own]! <= 1) continue;
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c]! > 0) b = Math.min(b, sums[c]! / sizes[c]!);
    if (!Number.isFinite(b)) continue;
    const m = Math.max(a, b);
    total += m > 0 ? (b - a) / m : 0;
  }
  return n > 0 ? total / n : Number.NaN;
}

export function pairwiseDistances(points: ArrayLike<number>, n: number, dims: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let d = 0; d < dims; d++) {
        const v = points[i * dims + d]! - points[j * dims + d]!;
        s += v * v;
      }
      const dist = Math.sqrt(s);
      out[i * n + j] = dist;
      out[j * n + i] = dist;
    }
  }
  return out;
}

export function silhouette(points: ArrayLike<number>, dims: number, assignment: ArrayLike<number>, k: number): number {
  const n = Math.floor(points.length / dims);
  return silhouetteFromDistances(pairwiseDistances(points, n, dims), n, assignment, k);
}

export interface ChosenClustering {
  clustering: KMeansResult;
  /** Mean silhouette of each k tried, on the (possibly sampled) points. */
  scores: Array<{ k: number; silhouette: number }>;
}

/**
 * Clusters with k-means++ for every k in [kMin, kMax] (as far as the points allow) and keeps the
 * k with the highest mean silhouette. The silhouette costs n², so it is measured on a seeded
 * sample of at most `sampleSize` points, the usual practice for large sets.
 */
export function clusterBySilhouette(
  points: ArrayLike<number>,
  dims: number,
  options: KMeansOptions & { kMin?: number; kMax?: number; sampleSize?: number } = {},
): ChosenClustering {
  const n = Math.floor(points.length / dims);
  const kMin = Math.max(2, options.kMin ?? 2);
  const kMax = Math.min(options.kMax ?? 8, n - 1);
  if (kMax < kMin) throw new RangeError(`need more than ${kMin} points to compare clusterings, got ${n}`);
  const sampleSize = Math.min(n, options.sampleSize ?? 1000);
  const random = mulberry32((options.seed ?? 1) ^ 0x51e7);
  const sample = shuffleInPlace(Array.from({ length: n }, (_, i) => i), random);
  sample.length = sampleSize;
  const sampled = new Float64Array(sampleSize * dims);
  sample.forEach((row, s) => {
    for (let d = 0; d < dims; d++) sampled[s * dims + d] = points[row * dims + d]!;
  });
  const distances = pairwiseDistances(sampled, sampleSize, dims);
  let best: KMeansResult | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  const scores: Array<{ k: number; silhouette: number }> = [];
  for (let k = kMin; k <= kMax; k++) {
    const clustering = kmeans(points, dims, k, options);
    const score = silhouetteFromDistances(distances, sampleSize, sample.map((row) => clustering.assignment[row]!), k);
    scores.push({ k, silhouette: score });
    if (score > bestScore) {
      bestScore = score;
      best = clustering;
    }
  }
  return { clustering: best!, scores };
}
