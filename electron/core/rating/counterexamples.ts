import { ratingAgreement } from '../../../shared/rating/krippendorffAlpha.js';
import { scoreImages } from '../../../shared/rating/meanOpinionScore.js';
import { ratingCoverage } from '../../../shared/rating/ratingSafeguards.js';
import { GOOD_PREDICTION_MOS, compareOpinions, predictionRatedGood, selectCounterexamples } from '../../../shared/rating/selectCounterexamples.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { roundRatingSetId } from '../mining/candidateSetStore.js';
import type { Db } from '../store/openProjectDb.js';
import { SLICE_STRATEGY, candidateCount, candidatePaths, requireCandidateSet } from '../store/candidateSets.js';
import { setRatings } from '../store/ratings.js';
import { updateRoundState } from '../store/rounds.js';
import { deleteTestSetsNamed, imagesInTestSets, insertTestSet } from '../store/testSets.js';
import { raterProgress } from './ratingStore.js';

/** Ratings of images that may become counterexamples: test images are never trained on. */
function eligibleRatings(db: Db, setId: number) {
  const testImages = new Set(imagesInTestSets(db, ['unbiased', 'user']));
  return setRatings(db, setId).filter((r) => !testImages.has(r.imageId));
}

/**
 * Where the rating of a set stands: every rated image with its MOS and spread, worst first, the
 * counterexample set S the MOS rule picks (n4 lowest, any out-of-domain vote removes an image,
 * and so does a MOS saying the prediction was good unless the user insists), how much of the set
 * is rated, and how much the raters agree on how many images rated by more than one of them.
 */
export function ratingSummary(db: Db, setId: number, n4: number, includeRatedGood = false) {
  const ratings = setRatings(db, setId);
  const opinions = scoreImages(ratings).sort(compareOpinions);
  const selected = new Set(selectCounterexamples(eligibleRatings(db, setId), n4, { includeRatedGood }).map((o) => o.imageId));
  const paths = candidatePaths(db, setId);
  const agreement = ratingAgreement(ratings);
  const rated = opinions.filter((o) => o.ratings > 0 || o.outOfDomainVotes > 0).length;
  return {
    setId,
    n4,
    includeRatedGood,
    progress: raterProgress(db, setId),
    coverage: ratingCoverage(rated, candidateCount(db, setId)),
    agreement: agreement.alpha,
    agreementImages: agreement.pairableUnits,
    items: opinions.map((o) => ({
      imageId: o.imageId,
      relPath: paths.get(o.imageId)?.relPath ?? '',
      sourcePath: paths.get(o.imageId)?.sourcePath ?? null,
      mos: o.mos !== null && Number.isFinite(o.mos) ? o.mos : null,
      outOfDomain: o.outOfDomainVotes > 0,
      ratedGood: predictionRatedGood(o.mos),
      ratings: o.ratings,
      std: o.std,
      min: o.min,
      max: o.max,
      selected: selected.has(o.imageId),
    })),
  };
}

/**
 * Confirms S(i) for the set's round: stored as the round's counterexample set (replacing an
 * earlier confirmation) and the round moves on to labelling. Only the round's own rating set
 * can give S: a slice check's images were picked to test a slice, not mined as counterexamples.
 */
export function confirmCounterexamples(db: Db, setId: number, n4: number, includeRatedGood = false): { testSetId: number; name: string; images: number } {
  const set = requireCandidateSet(db, setId);
  const roundSet = roundRatingSetId(db, set.roundId);
  if (set.strategy === SLICE_STRATEGY) {
    throw new FaultlineError(
      'invalid_input',
      `Candidate set ${setId} is a slice check: its ratings test the slice (see the Slices view), and S comes from round ${set.roundIdx}'s own rating set${roundSet !== null && roundSet !== setId ? `, set ${roundSet}` : ''}.`,
    );
  }
  if (roundSet !== setId) {
    throw new FaultlineError(
      'invalid_input',
      `Candidate set ${setId} is not round ${set.roundIdx}'s rating set${roundSet !== null ? ` (that is set ${roundSet})` : ''}: send it to rating from the Mining view first, or confirm S on the round's rating set.`,
    );
  }
  const eligible = eligibleRatings(db, setId);
  const chosen = selectCounterexamples(eligible, n4, { includeRatedGood });
  if (chosen.length === 0) {
    const ratedGood = selectCounterexamples(eligible, n4, { includeRatedGood: true }).length;
    throw new FaultlineError(
      'invalid_input',
      ratedGood > 0
        ? `Every rated image has a MOS of ${GOOD_PREDICTION_MOS} or more (the prediction was good), so none is a counterexample; rate more candidates, or include well-rated images if you insist.`
        : 'No image has an in-domain rating yet; rate some candidates first.',
    );
  }
  const name = `S${set.roundIdx}`;
  return db.transaction(() => {
    deleteTestSetsNamed(db, name, 'counterexamples');
    const testSetId = insertTestSet(db, { name, roundId: set.roundId, kind: 'counterexamples', imageIds: chosen.map((o) => o.imageId) });
    updateRoundState(db, set.roundId, 'labelling');
    return { testSetId, name, images: chosen.length };
  })();
}
