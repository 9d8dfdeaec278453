import { FaultlineError } from '../../../shared/contract/errors.js';
import type { CandidateReason } from '../../../shared/mining/candidateSet.js';
import type { AcrScore } from '../../../shared/rating/meanOpinionScore.js';
import type { Db } from '../store/openProjectDb.js';
import { upsertPerson } from '../project/people.js';
import { candidateCount, isCandidate, requireCandidateSet } from '../store/candidateSets.js';
import { raterTotals, ratingQueueRows, upsertRating } from '../store/ratings.js';
import { currentRoundRatingSet } from '../store/rounds.js';


/** The candidate set raters work on: the one given (a slice check, say), else the newest round's rating set. */
export function ratingSetId(db: Db, setId?: number): number {
  if (setId !== undefined) return requireCandidateSet(db, setId).id;
  const current = currentRoundRatingSet(db);
  if (current) return current.setId;
  throw new FaultlineError('not_found', 'No candidate set has been sent to rating yet: mine the pool and send a set from the Mining view.');
}

export function raterId(db: Db, name: string): number {
  return upsertPerson(db, name, ['rater']).id;
}

export interface RateInput {
  setId: number;
  imageId: number;
  rater: string;
  score: AcrScore | null;
  outOfDomain: boolean;
  timeMs: number;
}

/** One rating per (set, image, rater): rating again replaces it and adds the time spent. */
export function rate(db: Db, input: RateInput): void {
  if (!isCandidate(db, input.setId, input.imageId)) {
    throw new FaultlineError('not_found', `Image ${input.imageId} is not in candidate set ${input.setId}.`);
  }
  if ((input.score === null) !== input.outOfDomain) {
    throw new FaultlineError('invalid_input', 'A rating is either a score from 1 to 5 or "out of domain".');
  }
  db.transaction(() => {
    upsertRating(db, { setId: input.setId, imageId: input.imageId, raterId: raterId(db, input.rater), score: input.score, outOfDomain: input.outOfDomain, timeMs: input.timeMs });
  })();
}

export function raterProgress(db: Db, setId: number) {
  return { total: candidateCount(db, setId), raters: raterTotals(db, setId) };
}

export interface QueueItem {
  imageId: number;
  rank: number;
  relPath: string;
  sourcePath: string | null;
  width: number | null;
  height: number | null;
  why: TopReason | null;
  reasonCount: number;
  myScore: AcrScore | null;
  myOutOfDomain: boolean;
}

/** The set in rank order with this rater's own ratings, so they resume where they left off. */
export function ratingQueue(db: Db, setId: number, rater: string | null): QueueItem[] {
  return ratingQueueRows(db, setId, rater).map((r) => ({
    imageId: r.imageId,
    rank: r.rank,
    relPath: r.relPath,
    sourcePath: r.sourcePath,
    width: r.width,
    height: r.height,
    ...topReason(r.reasons),
    myScore: r.myScore,
    myOutOfDomain: r.myOutOfDomain,
  }));
}

export interface TopReason {
  strategy: string;
  classId: number | null;
  defenderModelId: number | null;
  competitorModelId: number | null;
  value: number;
}

/** The strongest reason an image is in the queue (largest d, or the baseline's score), for the rater to read. */
function topReason(reasons: readonly CandidateReason[]): { why: TopReason | null; reasonCount: number } {
  const value = (r: CandidateReason) => (r.strategy === 'mad' ? r.d : r.score);
  const best = [...reasons].sort((a, b) => value(b) - value(a))[0];
  return {
    reasonCount: reasons.length,
    why: best
      ? {
          strategy: best.strategy,
          classId: best.strategy === 'mad' ? best.classId : null,
          defenderModelId: best.strategy === 'mad' ? best.defenderModelId : null,
          competitorModelId: best.strategy === 'mad' ? best.competitorModelId : null,
          value: value(best),
        }
      : null,
  };
}
