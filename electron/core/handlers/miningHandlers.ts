import type { miningMethods } from '../../../shared/contract/methods/miningMethods.js';
import { startJob } from '../jobs/startJob.js';
import { boundsView } from '../mining/boundsView.js';
import { sendToRating } from '../mining/candidateSetStore.js';
import { listCandidateSets, madClassImageCounts, readCandidates } from '../store/candidateSets.js';
import { discrepancyHistograms } from '../mining/discrepancyHistogram.js';
import { resolveMiningModels } from '../mining/resolveMiningModels.js';
import { executeMining, planMining } from '../mining/runMining.js';
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
      const plan = () => planMining(db, { ...resolveMiningModels(db, targetId, competitorIds), params });
      const started = startJob(jobs, 'mining', plan, (planned, ctx) => executeMining(db, planned, ctx));
      return { jobId: started.jobId, targetId: started.plan.targetId, competitorIds: started.plan.competitorIds };
    },
    'mining.sets': () => listCandidateSets(session.require().db),
    'mining.candidates': ({ setId, offset, limit }) => {
      const { db } = session.require();
      return { ...readCandidates(db, setId, offset, limit), classCounts: madClassImageCounts(db, setId) };
    },
    'mining.bounds': ({ constraint, targetId }) => boundsView(session.require().db, constraint, { targetId }),
    'mining.histogram': ({ targetId, competitorIds, bins }) => discrepancyHistograms(session.require().db, targetId, competitorIds, bins),
    'mining.sendToRating': ({ setId }) => ({ roundId: sendToRating(session.requireWritable().db, setId) }),
  };
}
