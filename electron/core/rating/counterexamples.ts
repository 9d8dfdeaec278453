import { ratingAgreement } from '../../../shared/rating/krippendorffAlpha.js';
import { scoreImages } from '../../../shared/rating/meanOpinionScore.js';
import { compareOpinions, selectCounterexamples } from '../../../shared/rating/selectCounterexamples.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { roundRatingSetId } from '../mining/candidateSetStore.js';
import type { Db } from '../store/openProjectDb.js';
import { SLICE_STRATEGY, candidatePaths, requireCandidateSet } from '../store/candidateSets.js';
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
 * counterexample set S the MOS rule picks (n4 lowest, any out-of-domain vote removes an image),
 * and how much the raters agree.
 */
export function ratingSummary(db: Db, setId: number, n4: number) {
  const ratings = setRatings(db, setId);
  const opinions = scoreImages(ratings).sort(compareOpinions);
  const selected = new Set(selectCounterexamples(eligibleRatings(db, setId), n4).map((o) => o.imageId));
  const paths = candidatePaths(db, setId);
  const agreement = ratingAgreement(ratings);
  return {
    setId,
    n4,
    progress: raterProgress(db, setId),
    agreement: agreement.alpha,
    items: opinions.map((o) => ({
      imageId: o.imageId,
      relPath: paths.get(o.imageId)?.relPath ?? '',
      sourcePath: paths.get(o.imageId)?.sourcePath ?? null,
      mos: o.mos !== null && Number.isFinite(o.mos) ? o.mos : null,
      outOfDomain: o.outOfDomainVotes > 0,
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
export function confirmCounterexamples(db: Db, setId: number, n4: number): { testSetId: number; name: string; images: number } {
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
  const chosen = selectCounterexamples(eligibleRatings(db, setId), n4);
  if (chosen.length === 0) throw new FaultlineError('invalid_input', 'No image has an in-domain rating yet; rate some candidates first.');
  const name = `S${set.roundIdx}`;
  return db.transaction(() => {
    deleteTestSetsNamed(db, name, 'counterexamples');
    const testSetId = insertTestSet(db, { name, roundId: set.roundId, kind: 'counterexamples', imageIds: chosen.map((o) => o.imageId) });
    updateRoundState(db, set.roundId, 'labelling');
    return { testSetId, name, images: chosen.length };
  })();
}
