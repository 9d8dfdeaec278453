import type { ratingMethods } from '../../../shared/contract/methods/ratingMethods.js';
import type { Db } from '../store/openProjectDb.js';
import { confirmCounterexamples, ratingSummary } from '../rating/counterexamples.js';
import { listRatingSets } from '../rating/ratingSets.js';
import { rate, raterProgress, ratingQueue, ratingSetId } from '../rating/ratingStore.js';
import { deleteLastRating } from '../store/ratings.js';
import { requireCandidateSet } from '../store/candidateSets.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

function setModels(db: Db, setId: number): { targetId: number | null; competitorIds: number[] } {
  const { params } = requireCandidateSet(db, setId);
  return { targetId: params.targetId ?? null, competitorIds: params.competitorIds ?? [] };
}

export function ratingHandlers({ session }: CoreServices): FeatureHandlers<typeof ratingMethods> {
  return {
    'rating.sets': ({ rater }) => listRatingSets(session.require().db, rater ?? null),
    'rating.queue': ({ setId, rater }) => {
      const { db } = session.require();
      const id = ratingSetId(db, setId);
      return { setId: id, ...setModels(db, id), items: ratingQueue(db, id, rater ?? null), progress: raterProgress(db, id) };
    },
    'rating.rate': (input) => {
      const { db } = session.requireWritable();
      rate(db, input);
      return raterProgress(db, input.setId);
    },
    'rating.undo': ({ setId, rater }) => {
      const { db } = session.requireWritable();
      const imageId = deleteLastRating(db, setId, rater);
      return { imageId, progress: raterProgress(db, setId) };
    },
    'rating.summary': ({ setId, n4, includeRatedGood }) => ratingSummary(session.require().db, setId, n4, includeRatedGood),
    'rating.confirm': ({ setId, n4, includeRatedGood }) => confirmCounterexamples(session.requireWritable().db, setId, n4, includeRatedGood),
  };
}
