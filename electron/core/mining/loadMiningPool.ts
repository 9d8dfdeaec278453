import type { MiningPoolStats, PairDiscrepancies } from '../../../shared/mining/selectCandidates.js';
import type { DistanceKind } from '../../../shared/mining/miningParams.js';
import type { Db } from '../store/openProjectDb.js';
import { pairDiscrepancies, type ModelPair } from '../store/candidateSets.js';
import { poolImages } from '../store/images.js';
import { modelClassFractions, modelUncertainty } from '../store/predictions.js';

/** Fractions stored with fewer or more class slots than the project has now, fitted to `numClasses`. */
function fitted(stored: Float32Array, numClasses: number): Float32Array {
  if (stored.length === numClasses) return stored;
  const out = new Float32Array(numClasses);
  out.set(stored.subarray(0, numClasses));
  return out;
}

export interface MiningPool extends MiningPoolStats {
  meanEntropy: Float64Array;
  meanMargin: Float64Array;
}

/**
 * The stored statistics mining selects from, as struct-of-arrays over the pool images: class
 * fractions per model, d per pair, and the target's uncertainty for the baselines. Missing
 * values are NaN, which keeps an image out of that subgroup or ranking only.
 */
export function loadMiningPool(
  db: Db,
  options: { targetId: number; pairs: readonly ModelPair[]; numClasses: number; distance: DistanceKind },
): MiningPool {
  const images = poolImages(db);
  const index = new Map(images.map((img, i) => [img.id, i]));
  const n = images.length;
  const { numClasses } = options;
  const modelIds = [...new Set(options.pairs.flatMap((p) => [p.targetId, p.competitorId]).concat(options.targetId))];

  const models = modelIds.map((modelId) => {
    const fractions = new Float32Array(n * numClasses);
    for (const row of modelClassFractions(db, modelId)) {
      const i = index.get(row.imageId);
      if (i !== undefined) fractions.set(fitted(row.fractions, numClasses), i * numClasses);
    }
    return { modelId, fractions };
  });

  const pairs: PairDiscrepancies[] = options.pairs.map((pair) => {
    const d = new Float64Array(n).fill(Number.NaN);
    for (const row of pairDiscrepancies(db, pair, options.distance)) {
      const i = index.get(row.imageId);
      if (i !== undefined) d[i] = row.d;
    }
    return { targetModelId: pair.targetId, competitorModelId: pair.competitorId, d };
  });

  const meanEntropy = new Float64Array(n).fill(Number.NaN);
  const meanMargin = new Float64Array(n).fill(Number.NaN);
  for (const row of modelUncertainty(db, options.targetId)) {
    const i = index.get(row.imageId);
    if (i === undefined) continue;
    if (row.meanEntropy !== null) meanEntropy[i] = row.meanEntropy;
    if (row.meanMargin !== null) meanMargin[i] = row.meanMargin;
  }

  return {
    numClasses,
    imageIds: images.map((img) => img.id),
    contentHashes: images.map((img) => img.contentHash),
    imagePixels: images.map((img) => (img.width ?? 0) * (img.height ?? 0)),
    models,
    pairs,
    meanEntropy,
    meanMargin,
  };
}
