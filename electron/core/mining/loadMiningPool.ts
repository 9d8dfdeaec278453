import type { MiningPoolStats, PairDiscrepancies } from '../../../shared/mining/selectCandidates.js';
import type { DistanceKind } from '../../../shared/mining/miningParams.js';
import type { Db } from '../project/openProjectDb.js';
import type { ModelPair } from './updateDiscrepancies.js';

const DISTANCE_COLUMN: Record<DistanceKind, string> = { miou: 'miou', pixel_accuracy: 'pixel_accuracy', fw_iou: 'fw_iou' };

function fractionsOf(blob: Buffer, numClasses: number): Float32Array {
  const stored = new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
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
  const images = db
    .prepare("SELECT id, content_hash, width, height FROM images WHERE split = 'pool' AND status = 'ok' ORDER BY id")
    .all() as Array<{ id: number; content_hash: string; width: number | null; height: number | null }>;
  const index = new Map(images.map((img, i) => [img.id, i]));
  const n = images.length;
  const { numClasses } = options;
  const modelIds = [...new Set(options.pairs.flatMap((p) => [p.targetId, p.competitorId]).concat(options.targetId))];

  const models = modelIds.map((modelId) => {
    const fractions = new Float32Array(n * numClasses);
    const rows = db
      .prepare('SELECT image_id, class_fractions FROM predictions WHERE model_id = ? AND error IS NULL AND class_fractions IS NOT NULL')
      .iterate(modelId) as IterableIterator<{ image_id: number; class_fractions: Buffer }>;
    for (const row of rows) {
      const i = index.get(row.image_id);
      if (i !== undefined) fractions.set(fractionsOf(row.class_fractions, numClasses), i * numClasses);
    }
    return { modelId, fractions };
  });

  const column = DISTANCE_COLUMN[options.distance];
  const pairs: PairDiscrepancies[] = options.pairs.map((pair) => {
    const d = new Float64Array(n).fill(Number.NaN);
    const rows = db
      .prepare(`SELECT image_id, ${column} AS d FROM pair_discrepancies WHERE target_id = ? AND competitor_id = ?`)
      .iterate(pair.targetId, pair.competitorId) as IterableIterator<{ image_id: number; d: number }>;
    for (const row of rows) {
      const i = index.get(row.image_id);
      if (i !== undefined) d[i] = row.d;
    }
    return { targetModelId: pair.targetId, competitorModelId: pair.competitorId, d };
  });

  const meanEntropy = new Float64Array(n).fill(Number.NaN);
  const meanMargin = new Float64Array(n).fill(Number.NaN);
  const uncertainty = db
    .prepare('SELECT image_id, mean_entropy, mean_margin FROM predictions WHERE model_id = ? AND error IS NULL')
    .iterate(options.targetId) as IterableIterator<{ image_id: number; mean_entropy: number | null; mean_margin: number | null }>;
  for (const row of uncertainty) {
    const i = index.get(row.image_id);
    if (i === undefined) continue;
    if (row.mean_entropy !== null) meanEntropy[i] = row.mean_entropy;
    if (row.mean_margin !== null) meanMargin[i] = row.mean_margin;
  }

  return {
    numClasses,
    imageIds: images.map((img) => img.id),
    contentHashes: images.map((img) => img.content_hash),
    imagePixels: images.map((img) => (img.width ?? 0) * (img.height ?? 0)),
    models,
    pairs,
    meanEntropy,
    meanMargin,
  };
}
