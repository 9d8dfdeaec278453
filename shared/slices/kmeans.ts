import { mulberry32 } from '../mining/prng.js';

/**
 * k-means with k-means++ seeding (Arthur & Vassilvitskii 2007) and Lloyd iterations, seeded so
 * the same points give the same clusters on every machine. Points are rows of a row-major
 * matrix. Several seeded restarts; the one with the least inertia wins.
 */

export interface KMeansResult {
  k: number;
  /** k × dims, row-major. */
  centroids: Float64Array;
  /** Cluster of each point. */
  assignment: Int32Array;
  /** Sum of squared distances of the points to their centroids. */
  inertia: number;
  iterations: number;
}

export interface KMeansOptions {
  seed?: number;
  maxIterations?: number;
  restarts?: number;
}

export function squaredDistance(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number, dims: number): number {
  let s = 0;
  for (let j = 0; j < dims; j++) {
    const d = a[ao + j]! - b[bo + j]!;
    s += d * d;
  }
  return s;
}

/** k-means++: the first centre uniformly, each next one with probability ∝ squared distance to the nearest chosen centre. */
function seedCentroids(points: ArrayLike<number>, n: number, dims: number, k: number, random: () => number): Float64Array {
  const centroids = new Float64Array(k * dims);
  const nearest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  let chosen = Math.floor(random() * n);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < dims; j++) centroids[c * dims + j] = points[chosen * dims + j]!;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const d = squaredDistance(points, i * dims, centroids, c * dims, dims);
      if (d < nearest[i]!) nearest[i] = d;
      total += nearest[i]!;
    }
    if (c === k - 1) break;
    if (total === 0) {
      chosen = Math.floor(random() * n);
      continue;
    }
    let target = random() * total;
    chosen = n - 1;
    for (let i = 0; i < n; i++) {
      target -= nearest[i]!;
      if (target < 0) {
        chosen = i;
        break;
      }
    }
  }
  return centroids;
}

function lloyd(points: ArrayLike<number>, n: number, dims: number, k: number, centroids: Float64Array, maxIterations: number): Omit<KMeansResult, 'k' | 'centroids'> {
  const assignment = new Int32Array(n).fill(-1);
  const sums = new Float64Array(k * dims);
  const counts = new Int32Array(k);
  const distance = new Float64Array(n);
  let iterations = 0;
  let inertia = 0;
  for (; iterations < maxIterations; iterations++) {
    let changed = 0;
    inertia = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Number.POSITIVE_INFINITY;
      for (let c = 0; c < k; c++) {
        const d = squaredDistance(points, i * dims, centroids, c * dims, dims);
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      if (assignment[i] !== best) changed++;
      assignment[i] = best;
      distance[i] = bestD;
      inertia += bestD;
    }
    if (changed === 0) break;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = assignment[i]!;
      counts[c]!++;
      for (let j = 0; j < dims; j++) sums[c * dims + j]! += points[i * dims + j]!;
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) {
        // An emptied cluster restarts at the point farthest from its centre, which it then owns.
        let far = 0;
        for (let i = 1; i < n; i++) if (distance[i]! > distance[far]!) far = i;
        for (let j = 0; j < dims; j++) centroids[c * dims + j] = points[far * dims + j]!;
        distance[far] = 0;
        continue;
      }
      for (let j = 0; j < dims; j++) centroids[c * dims + j] = sums[c * dims + j]! / counts[c]!;
    }
  }
  return { assignment, inertia, iterations };
}

export function kmeans(points: ArrayLike<number>, dims: number, k: number, options: KMeansOptions = {}): KMeansResult {
  const n = Math.floor(points.length / dims);
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`k must be an integer in [1, ${n}], got ${k}`);
  const random = mulberry32(options.seed ?? 1);
  let best: KMeansResult | null = null;
  for (let restart = 0; restart < (options.restarts ?? 3); restart++) {
    const centroids = seedCentroids(points, n, dims, k, random);
    const run = lloyd(points, n, dims, k, centroids, options.maxIterations ?? 100);
    if (!best || run.inertia < best.inertia) best = { k, centroids, ...run };
  }
  return best!;
}
