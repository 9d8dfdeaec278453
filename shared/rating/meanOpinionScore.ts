/**
 * Mean opinion score per image from absolute category ratings (spec §3): 5 excellent … 1 bad, or
 * out of domain. One out-of-domain vote from any rater removes the image, so its score is +∞.
 */

export type AcrScore = 1 | 2 | 3 | 4 | 5;

export interface Rating {
  imageId: number;
  raterId: number;
  /** null when the rater skipped the image or voted out of domain. */
  score: AcrScore | null;
  outOfDomain: boolean;
}

export interface ImageOpinion {
  imageId: number;
  /** Mean of the raters' scores; +∞ when any rater voted out of domain; null when nobody scored it. */
  mos: number | null;
  /** Raters who gave a score (out-of-domain voters and skips excluded). */
  ratings: number;
  outOfDomainVotes: number;
  /** Population standard deviation of the scores (0 for one score): spread among these raters. */
  std: number | null;
  min: AcrScore | null;
  max: AcrScore | null;
}

/** Keeps one rating per (image, rater): the last in input order, so a re-rating replaces the earlier one. */
export function latestRatings(ratings: readonly Rating[]): Rating[] {
  const byKey = new Map<string, Rating>();
  for (const r of ratings) {
    const key = `${r.imageId}:${r.raterId}`;
    byKey.delete(key);
    byKey.set(key, r);
  }
  return [...byKey.values()];
}

/** MOS, spread and out-of-domain votes per image, ascending image id; a rater's later rating replaces an earlier one. */
export function scoreImages(ratings: readonly Rating[]): ImageOpinion[] {
  const grouped = new Map<number, Rating[]>();
  for (const r of latestRatings(ratings)) {
    const list = grouped.get(r.imageId);
    if (list) list.push(r);
    else grouped.set(r.imageId, [r]);
  }
  const ids = [...grouped.keys()].sort((a, b) => a - b);
  return ids.map((imageId) => summarise(imageId, grouped.get(imageId) ?? []));
}

/** One image's opinion from its ratings (one per rater). */
function summarise(imageId: number, ratings: readonly Rating[]): ImageOpinion {
  let outOfDomainVotes = 0;
  const scores: AcrScore[] = [];
  for (const r of ratings) {
    if (r.outOfDomain) outOfDomainVotes++;
    else if (r.score !== null) scores.push(r.score);
  }
  if (scores.length === 0) {
    return {
      imageId,
      mos: outOfDomainVotes > 0 ? Number.POSITIVE_INFINITY : null,
      ratings: 0,
      outOfDomainVotes,
      std: null,
      min: null,
      max: null,
    };
  }
  let sum = 0;
  let min = scores[0] as AcrScore;
  let max = min;
  for (const s of scores) {
    sum += s;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  const mean = sum / scores.length;
  let squares = 0;
  for (const s of scores) squares += (s - mean) * (s - mean);
  return {
    imageId,
    mos: outOfDomainVotes > 0 ? Number.POSITIVE_INFINITY : mean,
    ratings: scores.length,
    outOfDomainVotes,
    std: Math.sqrt(squares / scores.length),
    min,
    max,
  };
}
