import type { evaluationMethods } from '../../../shared/contract/methods/evaluationMethods.js';
import { evaluateModels } from '../evaluation/evaluateModels.js';
import { leaderboard } from '../evaluation/leaderboard.js';
import { startJob } from '../jobs/startJob.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

export function evaluationHandlers({ jobs, session }: CoreServices): FeatureHandlers<typeof evaluationMethods> {
  return {
    'evaluation.run': () => {
      const { db } = session.requireWritable();
      return { jobId: startJob(jobs, 'evaluation', () => db, evaluateModels).jobId };
    },
    'leaderboard.get': () => leaderboard(session.require().db),
  };
}
