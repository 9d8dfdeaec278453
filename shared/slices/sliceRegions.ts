import { quantileSorted } from '../mining/quantile.js';
import { squaredDistance } from './kmeans.js';

/**
 * A slice is a region of (reduced) embedding space: the points whose nearest slice centroid is
 * this one and lie within its radius. Clusters are found among failures only; the region then
 * takes in passing images too, so a slice has a failure rate that can be tested.
 */
export interface SliceRegion {
  centroid: Float64Array;
  radius: number;
}

/**
 * One region per cluster: its centroid and, as radius, the `radiusQuantile` quantile of its own
 * members' distances to it (the members far out on the edge are left to the rest).
 */
export function regionsFromClusters(
  points: ArrayLike<number>,
  dims: number,
  rows: ArrayLike<number>,
  assignment: ArrayLike<number>,
  centroids: ArrayLike<number>,
  k: number,
  radiusQuantile = 0.9,
): SliceRegion[] {
  const distances: number[][] = Array.from({ length: k }, () => []);
  for (let r = 0; r < rows.length; r++) {
    const c = assignment[r]!;
    distances[c]!.push(Math.sqrt(squaredDistance(points, rows[r]! * dims, centroids, c * dims, dims)));
  }
  return distances.map((list, c) => ({
    centroid: Float64Array.from({ length: dims }, (_, j) => centroids[c * dims + j]!),
    radius: list.length ? quantileSorted(Float64Array.from(list).sort(), radiusQuantile) : 0,
  }));
}

/** Index of the region each point belongs to, or −1: nearest centroid, and only within its radius. */
export function regionMembership(points: ArrayLike<number>, dims: number, regions: readonly SliceRegion[]): Int32Array {
  const n = Math.floor(points.length / dims);
  const out = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestD = Number.POSITIVE_INFINITY;
    regions.forEach((region, c) => {
      const d = squaredDistance(points, i * dims, region.centroid, 0, dims);
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    });
    if (best >= 0 && Math.sqrt(bestD) <= regions[best]!.radius) out[i] = best;
  }
  return out;
}

/** Distance of every point to one region's centroid (for retrieving the nearest fresh images). */
export function distancesTo(points: ArrayLike<number>, dims: number, region: SliceRegion): Float64Array {
  const n = Math.floor(points.length / dims);
  return Float64Array.from({ length: n }, (_, i) => Math.sqrt(squaredDistance(points, i * dims, region.centroid, 0, dims)));
}
