import type { RatingSetInfo } from '../../../../shared/contract/methods/ratingMethods.js';

/**
 * The set to show: the one asked for while it is still open for rating, else the round's rating
 * set, else the newest slice check.
 */
export function pickRatingSet(sets: readonly RatingSetInfo[], wanted: number | null): RatingSetInfo | null {
  return sets.find((s) => s.setId === wanted) ?? sets.find((s) => s.kind === 'round') ?? sets[0] ?? null;
}

/** One line per set for the picker: what it is and how far the rating has come. */
export function ratingSetOption(set: RatingSetInfo): string {
  const mine = set.ratedByRater === null ? '' : ` · ${set.ratedByRater} rated by you`;
  return `${set.label} · ${set.size} images${mine} · ${set.ratedByAny} by anyone`;
}
