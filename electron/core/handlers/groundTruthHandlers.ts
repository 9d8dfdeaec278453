import type { groundTruthMethods } from '../../../shared/contract/methods/groundTruthMethods.js';
import { importGroundTruth } from '../groundTruth/importGroundTruth.js';
import { resolveTruthImport } from '../groundTruth/truthRequest.js';
import { startJob } from '../jobs/startJob.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

export function groundTruthHandlers({ jobs, session }: CoreServices): FeatureHandlers<typeof groundTruthMethods> {
  return {
    'groundTruth.import': (input) => {
      const project = session.requireWritable();
      const prepare = () => resolveTruthImport(project.db, input);
      const busy = 'Ground truth is already being imported; wait for that import or cancel it.';
      return { jobId: startJob(jobs, 'groundTruth.import', prepare, (request, ctx) => importGroundTruth(project.db, request, ctx), { exclusiveOf: ['groundTruth.import'], busy }).jobId };
    },
  };
}
