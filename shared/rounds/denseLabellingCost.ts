/**
 * What densely labelling one image costs, for the leaderboard's "saved" column. A project's own
 * figure replaces the published one only once enough images were labelled from scratch here: a
 * single quick edit would otherwise set the price of every image. Fixes of a prediction or of an
 * earlier version measure fixing, not dense labelling, so they never count. The median, not the
 * mean, so one session left open over lunch does not move it.
 */

/** Seconds to densely label one image in the published study, used until the project measures its own. */
export const PUBLISHED_DENSE_SECONDS = 135;

/** Seconds one rater took to rate one candidate in the published study. */
export const PUBLISHED_RATING_SECONDS = 7;

/** From-scratch labellings needed before the project's own median replaces the published figure. */
export const MIN_MEASURED_LABELLINGS = 10;

export interface DenseLabellingCost {
  secondsPerImage: number;
  source: 'published' | 'measured';
  /** From-scratch labellings with a recorded time so far. */
  labellings: number;
  /** How many it takes to use the project's own median. */
  needed: number;
}

/** The cost per image from the recorded times (ms) of the project's from-scratch labellings. */
export function denseLabellingCost(scratchTimesMs: readonly number[]): DenseLabellingCost {
  const times = scratchTimesMs.filter((t) => Number.isFinite(t) && t > 0).sort((a, b) => a - b);
  const base = { labellings: times.length, needed: MIN_MEASURED_LABELLINGS };
  if (times.length < MIN_MEASURED_LABELLINGS) return { ...base, secondsPerImage: PUBLISHED_DENSE_SECONDS, source: 'published' };
  const mid = times.length >> 1;
  const medianMs = times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
  return { ...base, secondsPerImage: medianMs / 1000, source: 'measured' };
}
