import { CandidateCollector } from './candidateCollector.js';
import type { CandidateReason, CandidateSet, MadReason } from './candidateSet.js';
import { assertNumClasses } from './classLut.js';
import type { ContentBounds } from './contentConstraint.js';
import { TopNHeaps } from './topNHeaps.js';

/**
 * MAD candidate selection (troubleshooting-rounds.md §2) from stored per-image statistics, not
 * from maps: for each (target, competitor) pair and each of the two as defender, the images whose
 * defender map contains class k (background excluded) with a typical area form subgroup k; the
 * n3 images of largest d per subgroup are kept; the union is merged by content hash.
 * Inputs are struct-of-arrays so 100 000 images × several models cost no object per image.
 */

/** Per-image class fractions of one model in compressed-row form: image i owns entries offsets[i]..offsets[i+1]. */
export interface SparseClassFractions {
  offsets: Uint32Array;
  classIds: Uint8Array | Uint16Array;
  values: Float32Array;
}

/** Dense: images × classes, row-major (entry i*numClasses + k). */
export type StoredClassFractions = Float32Array | SparseClassFractions;

export interface ModelPredictionStats {
  modelId: number;
  /** Predicted area fraction per class (fraction of all pixels of the image, see classFractions.ts). */
  fractions: StoredClassFractions;
}

export interface PairDiscrepancies {
  targetModelId: number;
  competitorModelId: number;
  /** d per image; NaN where it is unknown (a model failed on the image), which keeps it out. */
  d: Float32Array | Float64Array;
}

export interface MiningPoolStats {
  numClasses: number;
  imageIds: ArrayLike<number>;
  contentHashes: ArrayLike<string>;
  /** Pixels per image; needed only when the bounds are pixel counts (sigma mode). */
  imagePixels?: ArrayLike<number>;
  models: readonly ModelPredictionStats[];
  pairs: readonly PairDiscrepancies[];
}

export interface MadSelectionOptions {
  bounds: ContentBounds;
  /** Images kept per (pair, defender, class); default 25. */
  n3?: number;
  /** Never forms a subgroup; default 0, null when the project has no background class. */
  backgroundClassId?: number | null;
}

/**
 * Candidates are ordered by their largest d, then smallest image id; the reasons of a candidate
 * follow the pair order given, target before competitor as defender, class id, then rank.
 */
export function selectCandidates(pool: MiningPoolStats, options: MadSelectionOptions): CandidateSet {
  const { numClasses, imageIds, contentHashes } = pool;
  assertNumClasses(numClasses);
  const numImages = imageIds.length;
  const n3 = options.n3 ?? 25;
  const background = options.backgroundClassId === undefined ? 0 : options.backgroundClassId;
  checkPool(pool, options.bounds);

  // Local bounds with the background made impossible, so the inner loop has one range test.
  const lower = Float64Array.from(options.bounds.lower);
  const upper = Float64Array.from(options.bounds.upper);
  if (background !== null && background < numClasses) {
    lower[background] = Infinity;
    upper[background] = -Infinity;
  }
  const pixels = options.bounds.measure === 'count' ? Float64Array.from(pool.imagePixels ?? []) : null;
  const ids = Float64Array.from(imageIds);
  const models = new Map(pool.models.map((m) => [m.modelId, m.fractions]));

  const heaps = new TopNHeaps(numClasses, n3);
  const collector = new CandidateCollector();
  for (const pair of pool.pairs) {
    for (const defenderModelId of [pair.targetModelId, pair.competitorModelId]) {
      heaps.reset();
      const fractions = models.get(defenderModelId)!;
      if (fractions instanceof Float32Array) {
        fillDense(heaps, fractions, pair.d, ids, numImages, numClasses, lower, upper, pixels);
      } else {
        fillSparse(heaps, fractions, pair.d, ids, numImages, lower, upper, pixels);
      }
      for (const { reason, kept } of madReasons(heaps, numClasses, pair, defenderModelId, (k) => k.tie)) {
        collector.add(contentHashes[kept.item]!, reason.imageId, reason);
      }
    }
  }
  return {
    strategy: 'mad',
    candidates: collector.candidates(strongestReasonFirst),
  };
}

function fillDense(
  heaps: TopNHeaps,
  fractions: Float32Array,
  d: Float32Array | Float64Array,
  ids: Float64Array,
  numImages: number,
  numClasses: number,
  lower: Float64Array,
  upper: Float64Array,
  pixels: Float64Array | null,
): void {
  for (let i = 0; i < numImages; i++) {
    const di = d[i]!;
    if (di !== di) continue;
    const scale = pixels === null ? 1 : pixels[i]!;
    const base = i * numClasses;
    for (let k = 0; k < numClasses; k++) {
      const f = fractions[base + k]!;
      if (!(f > 0)) continue;
      const v = f * scale;
      if (v < lower[k]! || v > upper[k]!) continue;
      heaps.offer(k, i, di, ids[i]!);
    }
  }
}

function fillSparse(
  heaps: TopNHeaps,
  fractions: SparseClassFractions,
  d: Float32Array | Float64Array,
  ids: Float64Array,
  numImages: number,
  lower: Float64Array,
  upper: Float64Array,
  pixels: Float64Array | null,
): void {
  const { offsets, classIds, values } = fractions;
  for (let i = 0; i < numImages; i++) {
    const di = d[i]!;
    if (di !== di) continue;
    const scale = pixels === null ? 1 : pixels[i]!;
    const end = offsets[i + 1]!;
    for (let e = offsets[i]!; e < end; e++) {
      const f = values[e]!;
      if (!(f > 0)) continue;
      const k = classIds[e]!;
      const v = f * scale;
      if (v < lower[k]! || v > upper[k]!) continue;
      heaps.offer(k, i, di, ids[i]!);
    }
  }
}

type Kept = ReturnType<TopNHeaps['sorted']>[number];

/**
 * The reasons one pair's heaps keep for one direction (DEFENDERMODELID seen as right), class by
 * class, ranked from 1; IMAGEID says which image a kept entry stands for.
 */
export function* madReasons(
  heaps: TopNHeaps,
  numClasses: number,
  pair: { targetModelId: number; competitorModelId: number },
  defenderModelId: number,
  imageId: (kept: Kept) => number,
): Generator<{ reason: MadReason; kept: Kept }> {
  for (let k = 0; k < numClasses; k++) {
    for (const [r, kept] of heaps.sorted(k).entries()) {
      const reason: MadReason = {
        strategy: 'mad',
        targetModelId: pair.targetModelId,
        competitorModelId: pair.competitorModelId,
        defenderModelId,
        classId: k,
        rank: r + 1,
        d: kept.score,
        imageId: imageId(kept),
      };
      yield { reason, kept };
    }
  }
}

/** A MAD set's order: the candidate with the strongest reason first, then the lower image id. */
export function strongestReasonFirst(x: { reasons: readonly CandidateReason[]; imageId: number }, y: { reasons: readonly CandidateReason[]; imageId: number }): number {
  return maxD(y.reasons) - maxD(x.reasons) || x.imageId - y.imageId;
}

function maxD(reasons: readonly CandidateReason[]): number {
  let best = -Infinity;
  for (const r of reasons) if (r.strategy === 'mad' && r.d > best) best = r.d;
  return best;
}

function checkPool(pool: MiningPoolStats, bounds: ContentBounds): void {
  const { numClasses } = pool;
  const numImages = pool.imageIds.length;
  if (pool.contentHashes.length !== numImages) {
    throw new RangeError(`${numImages} image ids but ${pool.contentHashes.length} content hashes`);
  }
  for (let i = 0; i < numImages; i++) {
    if (!Number.isInteger(pool.imageIds[i])) throw new RangeError(`image id at ${i} is not an integer`);
  }
  if (bounds.lower.length !== numClasses || bounds.upper.length !== numClasses) {
    throw new RangeError(`content bounds cover ${bounds.lower.length} classes, the pool ${numClasses}`);
  }
  if (bounds.measure === 'count' && pool.imagePixels?.length !== numImages) {
    throw new RangeError('pixel-count bounds need imagePixels for every image');
  }
  const seen = new Set<number>();
  for (const m of pool.models) {
    if (seen.has(m.modelId)) throw new RangeError(`model ${m.modelId} is given twice`);
    seen.add(m.modelId);
    const f = m.fractions;
    if (f instanceof Float32Array) {
      if (f.length !== numImages * numClasses) {
        throw new RangeError(`model ${m.modelId}: dense fractions need ${numImages}×${numClasses} entries, got ${f.length}`);
      }
    } else {
      if (f.offsets.length !== numImages + 1 || f.offsets[numImages] !== f.values.length) {
        throw new RangeError(`model ${m.modelId}: sparse offsets do not match ${numImages} images`);
      }
      if (f.classIds.length !== f.values.length) {
        throw new RangeError(`model ${m.modelId}: sparse class ids and values differ in length`);
      }
      for (let e = 0; e < f.classIds.length; e++) {
        if (f.classIds[e]! >= numClasses) throw new RangeError(`model ${m.modelId}: class id ${f.classIds[e]} out of range`);
      }
    }
  }
  for (const p of pool.pairs) {
    for (const id of [p.targetModelId, p.competitorModelId]) {
      if (!seen.has(id)) throw new RangeError(`pair (${p.targetModelId}, ${p.competitorModelId}): no statistics for model ${id}`);
    }
    if (p.targetModelId === p.competitorModelId) throw new RangeError(`pair of model ${p.targetModelId} with itself`);
    if (p.d.length !== numImages) {
      throw new RangeError(`pair (${p.targetModelId}, ${p.competitorModelId}): ${p.d.length} d values for ${numImages} images`);
    }
  }
}
