import { FaultlineError } from '../../../shared/contract/errors.js';
import type { Db } from '../store/openProjectDb.js';
import { SLICE_STRATEGY, requireCandidateSet } from '../store/candidateSets.js';
import { insertMiningRound, openMiningRoundId, roundParams, setRoundRatingSet } from '../store/rounds.js';


/**
 * The round this target's mining belongs to: its newest round while that is still mining or
 * rating (baselines and re-runs are compared within one round), else a new round.
 */
export function ensureMiningRound(db: Db, targetId: number): number {
  return openMiningRoundId(db, targetId) ?? insertMiningRound(db, targetId);
}

/** The set the round's raters work through (its counterexamples S come from it), if one was sent. */
export function roundRatingSetId(db: Db, roundId: number): number | null {
  return roundParams(db, roundId).ratingSetId ?? null;
}

/**
 * Makes a set the one the round's raters work through, and moves the round to rating. A slice
 * check is refused: it is rated as a set of its own, and S must come from the round's mined set.
 */
export function sendToRating(db: Db, setId: number): number {
  const set = requireCandidateSet(db, setId);
  if (set.strategy === SLICE_STRATEGY) {
    throw new FaultlineError('invalid_input', `Candidate set ${setId} is a slice check: it is rated as a set of its own (pick it in the Rating view), not as the round's rating set.`);
  }
  setRoundRatingSet(db, set.roundId, setId);
  return set.roundId;
}
