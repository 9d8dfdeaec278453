import { ratingAgreement } from '../../../shared/rating/krippendorffAlpha.js';
import { scoreImages } from '../../../shared/rating/meanOpinionScore.js';
import { compareOpinions, selectCounterexamples } from '../../../shared/rating/selectCounterexamples.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { SLICE_STRATEGY, roundRatingSetId } from '../mining/candidateSetStore.js';
import type { Db } from '../project/openProjectDb.js';
import { raterProgress, setRatings } from './ratingStore.js';

/** Ratings of images that may become counterexamples: test images are never trained on. */
function eligibleRatings(db: Db, setId: number) {
  const testImages = new Set(
    db
      .prepare("SELECT x.image_id FROM test_set_images x JOIN test_sets t ON t.id = x.test_set_id WHERE t.kind IN ('unbiased', 'user')")
      .pluck()
      .all() as number[],
  );
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
  const paths = new Map(
    (db.prepare('SELECT c.image_id, i.rel_path FROM candidates c JOIN images i ON i.id = c.image_id WHERE c.set_id = ?').all(setId) as Array<{
      image_id: number;
      rel_path: string;
    }>).map((r) => [r.image_id, r.rel_path]),
  );
  const agreement = ratingAgreement(ratings);
  return {
    setId,
    n4,
    progress: raterProgress(db, setId),
    agreement: agreement.alpha,
    items: opinions.map((o) => ({
      imageId: o.imageId,
      relPath: paths.get(o.imageId) ?? '',
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
  const round = db
    .prepare('SELECT r.id, r.idx, s.strategy FROM candidate_sets s JOIN rounds r ON r.id = s.round_id WHERE s.id = ?')
    .get(setId) as { id: number; idx: number; strategy: string } | undefined;
  if (!round) throw new FaultlineError('not_found', `There is no candidate set ${setId}.`);
  const roundSet = roundRatingSetId(db, round.id);
  if (round.strategy === SLICE_STRATEGY) {
    throw new FaultlineError(
      'invalid_input',
      `Candidate set ${setId} is a slice check: its ratings test the slice (see the Slices view), and S comes from round ${round.idx}'s own rating set${roundSet !== null && roundSet !== setId ? `, set ${roundSet}` : ''}.`,
    );
  }
  if (roundSet !== setId) {
    throw new FaultlineError(
      'invalid_input',
      `Candidate set ${setId} is not round ${round.idx}'s rating set${roundSet !== null ? ` (that is set ${roundSet})` : ''}: send it to rating from the Mining view first, or confirm S on the round's rating set.`,
    );
  }
  const chosen = selectCounterexamples(eligibleRatings(db, setId), n4);
  if (chosen.length === 0) throw new FaultlineError('invalid_input', 'No image has an in-domain rating yet; rate some candidates first.');
  const name = `S${round.idx}`;
  return db.transaction(() => {
    db.prepare("DELETE FROM test_sets WHERE name = ? AND kind = 'counterexamples'").run(name);
    const testSetId = Number(
      db
        .prepare("INSERT INTO test_sets (name, round_id, kind, created_at) VALUES (?, ?, 'counterexamples', ?)")
        .run(name, round.id, new Date().toISOString()).lastInsertRowid,
    );
    const insert = db.prepare('INSERT INTO test_set_images (test_set_id, image_id) VALUES (?, ?)');
    for (const o of chosen) insert.run(testSetId, o.imageId);
    db.prepare("UPDATE rounds SET state = 'labelling' WHERE id = ?").run(round.id);
    return { testSetId, name, images: chosen.length };
  })();
}
