import type { ExactSum } from './exactSum.js';

/** Lower clip of a class threshold; also the threshold of a class no pixel carries. */
export const THRESHOLD_FLOOR = 2e-6;
/** The reference compares p(pred) >= t(pred) − this margin when counting issues. */
export const THRESHOLD_MARGIN = 1e-6;

/**
 * Per-class confident threshold: the mean predicted probability of class k over the pixels labelled k,
 * clipped below at 2e-6; a class that never occurs gets 2e-6 (the reference's behaviour, which makes
 * every pixel predicted as that class count towards the issue estimate).
 */
export function finishThresholds(sums: readonly ExactSum[], counts: Float64Array): Float64Array {
  const thresholds = new Float64Array(counts.length);
  for (let k = 0; k < counts.length; k++) {
    const count = counts[k]!;
    thresholds[k] = count === 0 ? THRESHOLD_FLOOR : Math.max(THRESHOLD_FLOOR, sums[k]!.value() / count);
  }
  return thresholds;
}

/** The per-class cut p(pred) must reach, in float64 as the reference compares. */
export function issueCuts(thresholds: Float64Array): number[] {
  return Array.from(thresholds, (t) => t - THRESHOLD_MARGIN);
}
