import { mainForegroundClass, selectTestSet } from '../../../shared/rounds/selectTestSet.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import type { Db } from '../store/openProjectDb.js';
import { candidateImageIds, requireCandidateSet } from '../store/candidateSets.js';
import { hasEvaluations } from '../store/evaluations.js';
import { classFractionsReader } from '../store/predictions.js';
import { outOfDomainImageIds } from '../store/ratings.js';
import { deleteTestSet, imagesInTestSets, insertTestSet, testSetIdNamed } from '../store/testSets.js';

export interface TestSetRequest {
  /** A MAD set mined with the new target (M(i+1)); T(i+1) is drawn from it. */
  setId: number;
  size: number;
  maxPerClass: number;
  backgroundClassId: number | null;
}

/**
 * T(i+1) of spec §6, drawn from a MAD set of the new target in rank order: out-of-domain votes
 * removed, nothing used for fine-tuning, at most `maxPerClass` images per main foreground class,
 * `size` images. The images are not labelled yet when they are picked, so the main foreground
 * class is the largest non-background class of the new target's prediction; the leaderboard
 * then scores every model on the masks the annotators draw.
 */
export function buildUnbiasedTestSet(db: Db, request: TestSetRequest) {
  const set = requireCandidateSet(db, request.setId);
  if (set.strategy !== 'mad') throw new FaultlineError('invalid_input', 'An unbiased test set is drawn from a MAD set of the new target, not from a baseline.');
  const { targetId } = set.params;
  if (targetId === undefined) throw new FaultlineError('invalid_input', `Candidate set ${set.id} does not say which target mined it.`);

  // Images that went into fine-tuning in any round: every counterexample set S(j).
  const used = new Set(imagesInTestSets(db, ['counterexamples']));
  const outOfDomain = new Set(outOfDomainImageIds(db, set.id));
  const fractionsOf = classFractionsReader(db);
  const nonForeground = request.backgroundClassId === null ? [] : [request.backgroundClassId];
  const candidates = candidateImageIds(db, set.id).map((imageId) => {
    const fractions = fractionsOf(imageId, targetId) ?? new Float32Array(0);
    return { imageId, mainClass: mainForegroundClass(fractions, nonForeground), outOfDomain: outOfDomain.has(imageId), usedForFineTuning: used.has(imageId) };
  });
  const selection = selectTestSet(candidates, { size: request.size, maxPerClass: request.maxPerClass });
  if (selection.selected.length === 0) throw new FaultlineError('invalid_input', 'No candidate qualifies for an unbiased test set (all out of domain or used for fine-tuning).');

  const name = `T${set.roundIdx}`;
  return db.transaction(() => {
    const existing = testSetIdNamed(db, name, 'unbiased');
    if (existing !== undefined && hasEvaluations(db, existing)) {
      throw new FaultlineError('invalid_input', `${name} has already been evaluated; it is kept as it is so the leaderboard stays comparable.`);
    }
    if (existing !== undefined) deleteTestSet(db, existing);
    const testSetId = insertTestSet(db, { name, roundId: set.roundId, kind: 'unbiased', imageIds: selection.selected.map((c) => c.imageId) });
    return {
      testSetId,
      name,
      images: selection.selected.length,
      excluded: selection.excluded.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.reason]: (acc[e.reason] ?? 0) + 1 }), {}),
    };
  })();
}
