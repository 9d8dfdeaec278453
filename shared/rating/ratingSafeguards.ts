/**
 * When the numbers behind "Confirm S" are too thin to act on. S drawn from a small rated share
 * of the candidates is whatever the first images happened to be; an agreement figure from a
 * handful of images rated by several raters can swing from −0.6 to 0.8 with one rating.
 */

/** Share of the candidates that should be rated (by anyone) before S is confirmed without a warning. */
export const MIN_RATED_SHARE = 0.5;

/** Images rated by two or more raters below which Krippendorff's α is shown with a caveat. */
export const MIN_AGREEMENT_IMAGES = 20;

export interface RatingCoverage {
  rated: number;
  candidates: number;
  /** Images still to rate to reach the share; 0 when reached. */
  missing: number;
}

export function ratingCoverage(rated: number, candidates: number): RatingCoverage {
  const wanted = Math.ceil(candidates * MIN_RATED_SHARE);
  return { rated, candidates, missing: Math.max(0, wanted - rated) };
}

/** Whether α rests on enough overlapping images to be read at face value. */
export function agreementTrustworthy(overlappingImages: number): boolean {
  return overlappingImages >= MIN_AGREEMENT_IMAGES;
}
