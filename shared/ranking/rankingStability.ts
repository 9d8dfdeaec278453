import { spearmanCorrelation } from './spearman.js';

/**
 * Ranking stability of spec §7: rank all models with the first k test images, for each k in a
 * range, and compare each ranking with the one from the largest k by SRCC. A ranking that no
 * longer moves as k grows means the test set is big enough.
 */

/** Either explicit k values or an inclusive range from..to (step 1 unless given). */
export type KRange = readonly number[] | { from: number; to: number; step?: number };

export interface StabilityPoint {
  k: number;
  /** Model scores using the first k images (higher is better). */
  scores: number[];
  /** SRCC of this ranking with the largest-k ranking (NaN when either ranking is all ties). */
  srcc: number;
}

/** The k values of a range, ascending and de-duplicated; each must be a positive integer. */
export function expandKRange(range: KRange): number[] {
  let ks: number[];
  if ('from' in range) {
    const step = range.step ?? 1;
    if (!(step > 0)) throw new RangeError(`step must be positive, got ${step}`);
    ks = [];
    for (let k = range.from; k <= range.to; k += step) ks.push(k);
  } else {
    ks = [...range];
  }
  for (const k of ks) if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  return [...new Set(ks)].sort((a, b) => a - b);
}

/** Stability from any scorer: scoresAt(k) gives every model's score on the first k images. */
export function stabilityOver(scoresAt: (k: number) => readonly number[], range: KRange): StabilityPoint[] {
  const ks = expandKRange(range);
  const last = ks[ks.length - 1];
  if (last === undefined) return [];
  const reference = [...scoresAt(last)];
  return ks.map((k) => {
    const scores = k === last ? reference : [...scoresAt(k)];
    return { k, scores, srcc: spearmanCorrelation(scores, reference) };
  });
}

/** Stability with each model scored by its mean per-image score (scoresPerImage[model][image], images in test-set order). */
export function rankingStability(scoresPerImage: ReadonlyArray<ReadonlyArray<number>>, range: KRange): StabilityPoint[] {
  const ks = expandKRange(range);
  const need = ks[ks.length - 1] ?? 0;
  scoresPerImage.forEach((row, model) => {
    if (row.length < need) throw new RangeError(`model ${model} has ${row.length} image scores, k needs ${need}`);
  });
  const prefix = scoresPerImage.map((row) => {
    const sums = new Float64Array(row.length + 1);
    for (let i = 0; i < row.length; i++) sums[i + 1] = (sums[i] as number) + (row[i] as number);
    return sums;
  });
  return stabilityOver((k) => prefix.map((sums) => (sums[k] as number) / k), ks);
}
