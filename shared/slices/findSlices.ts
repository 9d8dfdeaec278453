import { attributeContrasts, describeContrasts, type AttributeTable, type Contrast } from './attributeContrasts.js';
import { crossValidatedAuroc } from './logisticRegression.js';
import { reduceDimensions, type Reduction } from './reduceDimensions.js';
import { clusterBySilhouette } from './silhouette.js';
import { regionMembership, regionsFromClusters, type SliceRegion } from './sliceRegions.js';
import type { SliceParams } from './sliceParams.js';
import { confirmSlices, testSlice, type ConfirmedTest, type RateCount } from './sliceTest.js';

/**
 * Slice discovery with confirmation, on precomputed embeddings and failure flags (no I/O):
 *
 * 1. reduce the embeddings (standardise; randomised PCA past 32 dimensions);
 * 2. ask whether failure has any structure in them at all: cross-validated AUROC of an
 *    L2-regularised logistic regression on the discovery part; below the gate, say so and give
 *    attribute contrasts only;
 * 3. cluster the discovery failures (k-means++, k by silhouette); each cluster becomes a region
 *    (nearest centroid within a radius) that passing images fall into as well;
 * 4. describe each slice by attribute contrasts;
 * 5. test each slice on the held-out part (Fisher, Wilson, Newcombe, Katz), BH across slices,
 *    and confirm it only with enough held-out images and a large enough ratio.
 */

export interface SliceData {
  /** n × dims, row-major. */
  embeddings: ArrayLike<number>;
  dims: number;
  /** 1 where the image failed. */
  failed: ArrayLike<number>;
  /** 1 where the image is held out (see splitDiscovery). */
  heldOut: ArrayLike<number>;
  attributes: AttributeTable;
}

export type SliceAlgorithmParams = Pick<
  SliceParams,
  'seed' | 'structureAuroc' | 'kMin' | 'kMax' | 'radiusQuantile' | 'fdr' | 'minHeldOut' | 'minRatio'
>;

export interface FoundSlice {
  region: SliceRegion;
  discovery: RateCount;
  test: ConfirmedTest;
  contrasts: Contrast[];
  description: string;
}

export interface SliceAnalysis {
  images: number;
  failures: number;
  discovery: RateCount;
  heldOut: RateCount;
  structure: { auroc: number; folds: number; present: boolean };
  reduction: Reduction;
  clustering: { k: number; silhouettes: Array<{ k: number; silhouette: number }> } | null;
  /** Failures against passes over all images: what failing images have in common. */
  failureContrasts: Contrast[];
  failureDescription: string;
  /** Ranked: confirmed first, then by rate ratio. */
  slices: FoundSlice[];
  /** Index into `slices` of the slice each image belongs to, or −1. */
  membership: Int32Array;
  /** Reduced embeddings, n × reduction.dims (for examples and retrieval). */
  points: Float64Array;
  notes: string[];
}

/** Fewest discovery failures worth clustering. */
const MIN_CLUSTER_FAILURES = 10;
/** A cluster should hold at least this many discovery failures on average. */
const FAILURES_PER_CLUSTER = 5;

function count(failed: ArrayLike<number>, include: (i: number) => boolean): RateCount {
  let images = 0;
  let failures = 0;
  for (let i = 0; i < failed.length; i++) {
    if (!include(i)) continue;
    images++;
    if (failed[i]) failures++;
  }
  return { images, failures };
}

export function findSlices(data: SliceData, params: SliceAlgorithmParams): SliceAnalysis {
  const n = data.failed.length;
  if (data.embeddings.length !== n * data.dims) throw new RangeError(`${data.embeddings.length} embedding values for ${n} images of ${data.dims} dimensions`);
  if (data.heldOut.length !== n) throw new RangeError(`${data.heldOut.length} split flags for ${n} images`);
  const notes: string[] = [];
  const { reduction, points } = reduceDimensions(data.embeddings, data.dims, { seed: params.seed });
  const dims = reduction.dims;
  const discoveryRows: number[] = [];
  for (let i = 0; i < n; i++) if (!data.heldOut[i]) discoveryRows.push(i);
  const discovery = count(data.failed, (i) => !data.heldOut[i]);
  const heldOut = count(data.failed, (i) => data.heldOut[i] === 1);
  const all = count(data.failed, () => true);

  const failureContrasts = attributeContrasts(data.attributes, data.failed);
  const base = {
    images: n,
    failures: all.failures,
    discovery,
    heldOut,
    reduction,
    failureContrasts,
    failureDescription: describeContrasts(failureContrasts),
    points,
  };

  const discoveryPoints = new Float64Array(discoveryRows.length * dims);
  discoveryRows.forEach((row, r) => discoveryPoints.set(points.subarray(row * dims, (row + 1) * dims), r * dims));
  const discoveryFailed = Uint8Array.from(discoveryRows, (row) => (data.failed[row] ? 1 : 0));
  const cv = crossValidatedAuroc(discoveryPoints, dims, discoveryFailed, { seed: params.seed, folds: 5, lambda: 1 });
  const present = cv.auroc >= params.structureAuroc;
  const structure = { auroc: cv.auroc, folds: cv.folds, present };
  const none = { ...base, structure, clustering: null, slices: [], membership: new Int32Array(n).fill(-1) };
  if (!Number.isFinite(cv.auroc)) {
    notes.push(`Too few failures or passes in the discovery part (${discovery.failures} of ${discovery.images} failed) to learn anything from the embeddings; attribute contrasts only.`);
    return { ...none, notes };
  }
  if (!present) {
    notes.push(
      `No structure: a cross-validated logistic regression predicts failure from the embeddings with AUROC ${cv.auroc.toFixed(2)}, below ${params.structureAuroc}. ` +
        'Failures are spread over the embedding space, so no slice is proposed; the attribute contrasts below are all there is.',
    );
    return { ...none, notes };
  }

  const failureRows = discoveryRows.filter((row) => data.failed[row]);
  const kMax = Math.min(params.kMax, Math.floor(failureRows.length / FAILURES_PER_CLUSTER));
  if (failureRows.length < MIN_CLUSTER_FAILURES || kMax < params.kMin) {
    notes.push(`Only ${failureRows.length} failures in the discovery part: too few to cluster.`);
    return { ...none, notes };
  }
  const failurePoints = new Float64Array(failureRows.length * dims);
  failureRows.forEach((row, r) => failurePoints.set(points.subarray(row * dims, (row + 1) * dims), r * dims));
  const chosen = clusterBySilhouette(failurePoints, dims, { seed: params.seed, kMin: params.kMin, kMax });
  const { clustering } = chosen;
  const localRows = Int32Array.from(failureRows, (_, r) => r);
  const regions = regionsFromClusters(failurePoints, dims, localRows, clustering.assignment, clustering.centroids, clustering.k, params.radiusQuantile);
  const regionOf = regionMembership(points, dims, regions);

  const tests = regions.map((_, s) =>
    testSlice(
      count(data.failed, (i) => data.heldOut[i] === 1 && regionOf[i] === s),
      count(data.failed, (i) => data.heldOut[i] === 1 && regionOf[i] !== s),
    ),
  );
  const confirmed = confirmSlices(tests, params);
  const unranked = regions.map((region, s) => {
    const inSlice = Uint8Array.from(regionOf, (r) => (r === s ? 1 : 0));
    const contrasts = attributeContrasts(data.attributes, inSlice);
    return {
      region,
      discovery: count(data.failed, (i) => !data.heldOut[i] && regionOf[i] === s),
      test: confirmed[s]!,
      contrasts,
      description: describeContrasts(contrasts),
      from: s,
    };
  });
  const ranked = [...unranked].sort(
    (a, b) => Number(b.test.confirmed) - Number(a.test.confirmed) || rankRatio(b.test) - rankRatio(a.test) || a.test.pValue - b.test.pValue || a.from - b.from,
  );
  const newIndex = new Int32Array(regions.length);
  ranked.forEach((s, i) => (newIndex[s.from] = i));
  const membership = Int32Array.from(regionOf, (r) => (r < 0 ? -1 : newIndex[r]!));
  return {
    ...base,
    structure,
    clustering: { k: clustering.k, silhouettes: chosen.scores },
    slices: ranked.map(({ from: _from, ...slice }) => slice),
    membership,
    notes,
  };
}

function rankRatio(test: ConfirmedTest): number {
  return Number.isNaN(test.ratio.estimate) ? -1 : test.ratio.estimate;
}
