import type { Db } from '../store/openProjectDb.js';
import { SLICE_STRATEGY, candidateSet, candidateSetsOfStrategy } from '../store/candidateSets.js';
import { ratedImageCounters } from '../store/ratings.js';
import { currentRoundRatingSet } from '../store/rounds.js';

export interface RatingSetInfo {
  setId: number;
  roundId: number;
  roundIdx: number;
  /** 'round': the round's own rating set (S comes from it); 'slice': a slice check on fresh images. */
  kind: 'round' | 'slice';
  label: string;
  strategy: string;
  size: number;
  /** Images of the set this rater has rated; null when no rater was named. */
  ratedByRater: number | null;
  /** Images of the set anyone has rated. */
  ratedByAny: number;
  createdAt: string;
  slice: { runId: number; sliceIndex: number } | null;
}

/** Slices are numbered from 1, as the Slices view shows them. */
function sliceLabel(setId: number, slice: RatingSetInfo['slice']): string {
  return slice ? `Slice check: run ${slice.runId}, slice ${slice.sliceIndex + 1}` : `Slice check: set ${setId}`;
}

function roundLabel(roundIdx: number, strategy: string): string {
  return `Round ${roundIdx} — ${strategy === 'mad' ? 'MAD' : strategy} candidates`;
}

/**
 * The sets open for rating: the newest round's rating set first (the default, and the only one S
 * is confirmed on), then every slice check on fresh images, newest first, each with its size and
 * how many of its images this rater and anyone has rated.
 */
export function listRatingSets(db: Db, rater: string | null): RatingSetInfo[] {
  const current = currentRoundRatingSet(db);
  const roundSet = current ? candidateSet(db, current.setId) : undefined;
  const sliceSets = candidateSetsOfStrategy(db, SLICE_STRATEGY);
  const sets = [...(roundSet ? [roundSet] : []), ...sliceSets.filter((s) => s.id !== roundSet?.id)];
  const rated = ratedImageCounters(db);
  return sets.map((r) => {
    // A slice check that an older version made the round's rating set still counts as a slice check.
    const isSlice = r.strategy === SLICE_STRATEGY;
    const { sliceRunId, sliceIndex } = r.params;
    const slice = isSlice && sliceRunId !== undefined && sliceIndex !== undefined ? { runId: sliceRunId, sliceIndex } : null;
    return {
      setId: r.id,
      roundId: r.roundId,
      roundIdx: r.roundIdx,
      kind: isSlice ? 'slice' : 'round',
      label: isSlice ? sliceLabel(r.id, slice) : roundLabel(r.roundIdx, r.strategy),
      strategy: r.strategy,
      size: r.size,
      ratedByRater: rater === null ? null : rated.byRater(r.id, rater),
      ratedByAny: rated.byAny(r.id),
      createdAt: r.createdAt,
      slice,
    };
  });
}
