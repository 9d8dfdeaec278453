import { addImageFractions, ClassAreaAccumulator, contentBounds, type ContentBounds } from '../../../shared/mining/contentConstraint.js';
import type { BoundsSource, ContentConstraint } from '../../../shared/mining/miningParams.js';
import type { Db } from '../store/openProjectDb.js';
import { poolClassFractions } from '../store/poolRanges.js';
import { s0Statistics } from './s0Statistics.js';

export interface TypicalAreas {
  bounds: ContentBounds;
  source: BoundsSource;
  s0Masks: number;
}

/** Area statistics of a model's predictions over the pool, streamed from the store (memory: the per-class fractions kept for quartiles, not the pool's rows). */
export function poolAreaStatisticsOf(db: Db, modelId: number, numClasses: number): ClassAreaAccumulator {
  const stats = new ClassAreaAccumulator(numClasses);
  const counts = new Float64Array(numClasses);
  for (const row of poolClassFractions(db, modelId)) addImageFractions(stats, row.fractions, row.pixels, counts);
  return stats;
}

/**
 * The bounds a content constraint gives on this project, and where they came from. Quartile and
 * sigma use the S0 masks as the method says; while there is no S0 (a pool and models only, where
 * most users start) they use the target's own predictions over the pool instead, and say so.
 * `poolAreas` is asked only then.
 */
export function typicalAreas(
  db: Db,
  options: { constraint: ContentConstraint; numClasses: number; ignoreIndex: number; poolAreas: () => ClassAreaAccumulator },
): TypicalAreas {
  const { constraint, numClasses } = options;
  if (constraint.mode === 'off' || constraint.mode === 'custom') {
    return { bounds: contentBounds(constraint, numClasses), source: constraint.mode === 'off' ? 'none' : 'custom', s0Masks: 0 };
  }
  const s0 = s0Statistics(db, numClasses, options.ignoreIndex);
  if (s0.masks > 0) return { bounds: contentBounds(constraint, numClasses, s0.stats), source: 's0', s0Masks: s0.masks };
  return { bounds: contentBounds(constraint, numClasses, options.poolAreas()), source: 'pool', s0Masks: 0 };
}
