import { CandidateCollector } from './candidateCollector.js';
import type { CandidateSet, MadReason } from './candidateSet.js';
import { assertNumClasses } from './classLut.js';
import { madReasons, strongestReasonFirst, type MadSelectionOptions } from './selectCandidates.js';
import { TopNHeaps } from './topNHeaps.js';

/**
 * One pool image as mining reads it: the target's class fractions (null where it has none
 * stored) and, per competitor in the source's order, the pair's d (NaN where none is stored) and
 * the competitor's fractions. A source may hand out the same object each time, refilled: nothing
 * here keeps a row.
 */
export interface MadPoolRow {
  imageId: number;
  target: Float32Array | null;
  pairs: Array<{ d: number; competitor: Float32Array | null }>;
  /** Pixels of the image; read only when the bounds are pixel counts. */
  pixels: number;
}

export interface MadPoolSource {
  targetModelId: number;
  competitorModelIds: readonly number[];
  /** The pool's images, each once, in any order. */
  rows(): Iterable<MadPoolRow>;
}

/**
 * MAD selection (the same picks, reasons and order as selectCandidates) from the pool streamed
 * once for every pair together (the target's fractions and the image are read once, not once per
 * pair), so memory holds the kept images of each subgroup, never the pool. `contentHashes` is
 * asked only for the kept images, to merge twins.
 */
export function selectCandidatesStreamed(
  source: MadPoolSource,
  contentHashes: (imageIds: readonly number[]) => Map<number, string>,
  options: MadSelectionOptions & { numClasses: number },
): CandidateSet {
  const { numClasses } = options;
  assertNumClasses(numClasses);
  if (options.bounds.lower.length !== numClasses || options.bounds.upper.length !== numClasses) {
    throw new RangeError(`content bounds cover ${options.bounds.lower.length} classes, the pool ${numClasses}`);
  }
  const n3 = options.n3 ?? 25;
  const background = options.backgroundClassId === undefined ? 0 : options.backgroundClassId;
  // Local bounds with the background made impossible, so the inner loop has one range test.
  const lower = Float64Array.from(options.bounds.lower);
  const upper = Float64Array.from(options.bounds.upper);
  if (background !== null && background < numClasses) {
    lower[background] = Infinity;
    upper[background] = -Infinity;
  }
  const byCount = options.bounds.measure === 'count';

  const pairs = source.competitorModelIds.map((competitorModelId) => {
    if (competitorModelId === source.targetModelId) throw new RangeError(`pair of model ${competitorModelId} with itself`);
    return { targetModelId: source.targetModelId, competitorModelId, asTarget: new TopNHeaps(numClasses, n3), asCompetitor: new TopNHeaps(numClasses, n3) };
  });
  for (const row of source.rows()) {
    const scale = byCount ? row.pixels : 1;
    for (let j = 0; j < pairs.length; j++) {
      const { d, competitor } = row.pairs[j]!;
      if (d !== d) continue;
      const pair = pairs[j]!;
      if (row.target) offerRow(pair.asTarget, row.target, row.imageId, d, scale, numClasses, lower, upper);
      if (competitor) offerRow(pair.asCompetitor, competitor, row.imageId, d, scale, numClasses, lower, upper);
    }
  }
  const picks: MadReason[] = [];
  for (const pair of pairs) {
    for (const [heaps, defenderModelId] of [
      [pair.asTarget, pair.targetModelId],
      [pair.asCompetitor, pair.competitorModelId],
    ] as const) {
      for (const { reason } of madReasons(heaps, numClasses, pair, defenderModelId, (k) => k.item)) picks.push(reason);
    }
  }

  const hashes = contentHashes([...new Set(picks.map((p) => p.imageId))]);
  const collector = new CandidateCollector();
  for (const pick of picks) {
    const hash = hashes.get(pick.imageId);
    if (hash === undefined) throw new RangeError(`no content hash for image ${pick.imageId}`);
    collector.add(hash, pick.imageId, pick);
  }
  return {
    strategy: 'mad',
    candidates: collector.candidates(strongestReasonFirst),
  };
}

/** Offers an image to the subgroup of every class its fractions hold within bounds (stored rows may have fewer or more class slots than the project). */
function offerRow(heaps: TopNHeaps, fractions: Float32Array, imageId: number, d: number, scale: number, numClasses: number, lower: Float64Array, upper: Float64Array): void {
  const classes = Math.min(numClasses, fractions.length);
  for (let k = 0; k < classes; k++) {
    const f = fractions[k]!;
    if (!(f > 0)) continue;
    const v = f * scale;
    if (v < lower[k]! || v > upper[k]!) continue;
    heaps.offer(k, imageId, d, imageId);
  }
}
