import type { miningMethods } from '../../../shared/contract/methods/miningMethods.js';
import { boundsView } from '../mining/boundsView.js';
import { candidateClassCounts, listCandidateSets, readCandidates, sendToRating } from '../mining/candidateSetStore.js';
import { discrepancyHistograms } from '../mining/discrepancyHistogram.js';
import { resolveMiningModels } from '../mining/resolveMiningModels.js';
import { runMining } from '../mining/runMining.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

export function miningHandlers({ jobs, session }: CoreServices): FeatureHandlers<typeof miningMethods> {
  return {
    'mining.defaults': () => {
      const { db } = session.require();
      try {
        return resolveMiningModels(db);
      } catch {
        return { targetId: null, competitorIds: [] };
      }
    },
    'mining.run': ({ targetId, competitorIds, params }) => {
      const { db } = session.requireWritable();
      const models = resolveMiningModels(db, targetId, competitorIds);
      const { jobId } = jobs.start('mining', (ctx) => runMining(db, { ...models, params }, ctx));
      return { jobId };
    },
    'mining.sets': () => listCandidateSets(session.require().db),
    'mining.candidates': ({ setId, offset, limit }) => {
      const { db } = session.require();
      return { ...readCandidates(db, setId, offset, limit), classCounts: candidateClassCounts(db, setId) };
    },
    'mining.bounds': ({ constraint }) => boundsView(session.require().db, constraint),
    'mining.histogram': ({ targetId, competitorIds, bins }) => discrepancyHistograms(session.require().db, targetId, competitorIds, bins),
    'mining.sendToRating': ({ setId }) => ({ roundId: sendToRating(session.requireWritable().db, setId) }),
  };
}
