import { scoreImages, type ImageOpinion, type Rating } from './meanOpinionScore.js';

/**
 * S(i) of spec §3: the n4 images with the lowest MOS. Out-of-domain (+∞) and unscored images are
 * never selected. Ties: more ratings first (a low score agreed by more raters is surer), then the
 * smaller image id, so the selection is reproducible.
 */

/** Orders two opinions worst first: lower MOS, then more ratings, then smaller image id. */
export function compareOpinions(a: ImageOpinion, b: ImageOpinion): number {
  const am = a.mos ?? Number.POSITIVE_INFINITY;
  const bm = b.mos ?? Number.POSITIVE_INFINITY;
  if (am !== bm) return am < bm ? -1 : 1;
  if (a.ratings !== b.ratings) return b.ratings - a.ratings;
  return a.imageId - b.imageId;
}

/**
 * A MOS at or above this says the raters found the prediction good ("good" or "excellent"): such
 * an image is no counterexample, and training on it as one teaches the model nothing it lacks.
 * With few ratings the n4 lowest can reach up there, so these are left out unless the user insists.
 */
export const GOOD_PREDICTION_MOS = 4;

/** Whether the raters' mean says the prediction was good (out-of-domain and unscored images are not). */
export function predictionRatedGood(mos: number | null): boolean {
  return mos !== null && Number.isFinite(mos) && mos >= GOOD_PREDICTION_MOS;
}

export interface SelectOptions {
  /** Keep images whose MOS says the prediction was good (the user insisted); default false. */
  includeRatedGood?: boolean;
}

/** The n4 lowest-MOS in-domain scored images, worst first, with their opinion summaries. */
export function selectCounterexamples(ratings: readonly Rating[], n4 = 100, options: SelectOptions = {}): ImageOpinion[] {
  if (!Number.isInteger(n4) || n4 < 0) throw new RangeError(`n4 must be a non-negative integer, got ${n4}`);
  return scoreImages(ratings)
    .filter((o) => o.mos !== null && Number.isFinite(o.mos) && (options.includeRatedGood || !predictionRatedGood(o.mos)))
    .sort(compareOpinions)
    .slice(0, n4);
}
