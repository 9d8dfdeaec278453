import { CandidateCollector } from './candidateCollector.js';
import type { CandidateSet } from './candidateSet.js';
import type { BaselineStrategy } from './miningParams.js';
import { mulberry32 } from './prng.js';

/**
 * The selection strategies MAD is compared with at the same labelling budget
 * (troubleshooting-rounds.md §8): random, highest target mean entropy, lowest target mean margin.
 * Each picks `budget` distinct contents (merged by content hash like MAD) in the same
 * candidate-set shape.
 */

export interface BaselinePoolStats {
  imageIds: ArrayLike<number>;
  contentHashes: ArrayLike<string>;
  /** Target's per-pixel entropy, image mean (uncertainty.ts); needed for 'entropy'. NaN = unknown. */
  meanEntropy?: ArrayLike<number>;
  /** Target's best − second-best probability, image mean; needed for 'margin'. NaN = unknown. */
  meanMargin?: ArrayLike<number>;
}

export interface BaselineOptions {
  strategy: BaselineStrategy;
  /** Distinct contents to pick: |M| of the MAD set being compared. */
  budget: number;
  /** For 'random' (uint32); default 0. */
  seed?: number;
}

/**
 * Images are ordered by score (entropy: high first; margin: low first; random: a seeded key,
 * high first), ties by smaller image id, and taken in that order until `budget` distinct hashes
 * are held. An image met on the way whose content is already held joins that candidate (its id
 * and reason are kept) without using budget. Random keys are drawn in ascending image-id order, so the pick
 * depends on the seed and the pool, not on the order the pool is listed in.
 */
export function selectBaseline(pool: BaselinePoolStats, options: BaselineOptions): CandidateSet {
  const { imageIds, contentHashes } = pool;
  const numImages = imageIds.length;
  if (contentHashes.length !== numImages) {
    throw new RangeError(`${numImages} image ids but ${contentHashes.length} content hashes`);
  }
  if (!Number.isInteger(options.budget) || options.budget < 1) {
    throw new RangeError(`budget must be a positive integer, got ${options.budget}`);
  }
  const scores = baselineScores(pool, options);
  const descending = options.strategy !== 'margin';

  let valid = 0;
  const order = new Uint32Array(numImages);
  for (let i = 0; i < numImages; i++) if (scores[i] === scores[i]) order[valid++] = i;
  const ranked = order
    .subarray(0, valid)
    .sort((a, b) => (descending ? scores[b]! - scores[a]! : scores[a]! - scores[b]!) || imageIds[a]! - imageIds[b]!);

  const collector = new CandidateCollector();
  for (let r = 0; r < ranked.length; r++) {
    const i = ranked[r]!;
    if (collector.distinct === options.budget) break;
    collector.add(contentHashes[i]!, imageIds[i]!, { strategy: options.strategy, rank: r + 1, score: scores[i]!, imageId: imageIds[i]! });
  }
  return { strategy: options.strategy, candidates: collector.candidates() };
}

function baselineScores(pool: BaselinePoolStats, options: BaselineOptions): Float64Array {
  const numImages = pool.imageIds.length;
  if (options.strategy === 'random') {
    const byId = new Uint32Array(numImages).map((_, i) => i).sort((a, b) => pool.imageIds[a]! - pool.imageIds[b]!);
    const next = mulberry32(options.seed ?? 0);
    const keys = new Float64Array(numImages);
    for (const i of byId) keys[i] = next();
    return keys;
  }
  const source = options.strategy === 'entropy' ? pool.meanEntropy : pool.meanMargin;
  if (source === undefined) throw new Error(`the '${options.strategy}' baseline needs the target's mean ${options.strategy}`);
  if (source.length !== numImages) {
    throw new RangeError(`${source.length} ${options.strategy} values for ${numImages} images`);
  }
  return Float64Array.from(source);
}
