import { latestRatings, type Rating } from './meanOpinionScore.js';

/**
 * Inter-rater agreement on the ACR scores: Krippendorff's alpha (Krippendorff 2011, "Computing
 * Krippendorff's Alpha-Reliability"). Chosen over Cohen's/Fleiss' kappa because it takes any
 * number of raters, tolerates missing ratings (not every rater sees every image) and has an
 * ordinal metric that respects 1 < 2 < … < 5 without assuming equal steps.
 * Out-of-domain votes and skips are missing values; images with fewer than two scores are not
 * pairable and drop out, as the method prescribes.
 */

export type MeasurementLevel = 'nominal' | 'ordinal' | 'interval';

export interface AlphaResult {
  /** 1 perfect agreement, 0 chance level, negative systematic disagreement; null when undefined (no variation or < 2 pairable values). */
  alpha: number | null;
  observedDisagreement: number;
  expectedDisagreement: number;
  /** Units (images) with at least two values. */
  pairableUnits: number;
  /** Values in those units (n in Krippendorff's notation). */
  pairableValues: number;
}

/** Krippendorff's alpha for units given as lists of the values their raters gave (missing values simply absent). */
export function krippendorffAlpha(
  units: ReadonlyArray<ReadonlyArray<number>>,
  level: MeasurementLevel = 'ordinal',
): AlphaResult {
  const pairable = units.filter((u) => u.length >= 2);
  const categories = [...new Set(pairable.flat())].sort((a, b) => a - b);
  const k = categories.length;
  const indexOf = new Map(categories.map((v, i) => [v, i]));
  const coincidences = new Float64Array(k * k);
  for (const unit of pairable) {
    const weight = 1 / (unit.length - 1);
    for (let i = 0; i < unit.length; i++) {
      for (let j = 0; j < unit.length; j++) {
        if (i === j) continue;
        const a = indexOf.get(unit[i] as number) as number;
        const b = indexOf.get(unit[j] as number) as number;
        coincidences[a * k + b] = (coincidences[a * k + b] as number) + weight;
      }
    }
  }
  const marginals = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) marginals[a] = (marginals[a] as number) + (coincidences[a * k + b] as number);
  }
  const n = marginals.reduce((s, v) => s + v, 0);
  const delta2 = distanceMatrix(categories, marginals, level);
  let observed = 0;
  let expected = 0;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      const d = delta2[a * k + b] as number;
      observed += (coincidences[a * k + b] as number) * d;
      expected += (marginals[a] as number) * (marginals[b] as number) * d;
    }
  }
  const observedDisagreement = n > 0 ? observed / n : 0;
  const expectedDisagreement = n > 1 ? expected / (n * (n - 1)) : 0;
  const pairableValues = Math.round(n);
  return {
    alpha: expectedDisagreement > 0 ? 1 - observedDisagreement / expectedDisagreement : null,
    observedDisagreement,
    expectedDisagreement,
    pairableUnits: pairable.length,
    pairableValues,
  };
}

/** Squared difference δ² between categories for the level (ordinal uses the marginal frequencies between them). */
function distanceMatrix(categories: readonly number[], marginals: Float64Array, level: MeasurementLevel): Float64Array {
  const k = categories.length;
  const d = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      if (level === 'nominal') d[a * k + b] = a === b ? 0 : 1;
      else if (level === 'interval') d[a * k + b] = ((categories[a] as number) - (categories[b] as number)) ** 2;
      else {
        const lo = Math.min(a, b);
        const hi = Math.max(a, b);
        let sum = 0;
        for (let g = lo; g <= hi; g++) sum += marginals[g] as number;
        d[a * k + b] = (sum - ((marginals[a] as number) + (marginals[b] as number)) / 2) ** 2;
      }
    }
  }
  return d;
}

/** Ordinal alpha of the ACR scores over images; a rater's later rating of an image replaces the earlier one. */
export function ratingAgreement(ratings: readonly Rating[]): AlphaResult {
  const units = new Map<number, number[]>();
  for (const r of latestRatings(ratings)) {
    if (r.outOfDomain || r.score === null) continue;
    const list = units.get(r.imageId);
    if (list) list.push(r.score);
    else units.set(r.imageId, [r.score]);
  }
  return krippendorffAlpha([...units.values()], 'ordinal');
}
