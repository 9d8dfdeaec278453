import type { inferenceMethods } from '../../../shared/contract/methods/inferenceMethods.js';
import { prepareInference, runInferenceJob } from '../inference/inferenceJob.js';
import { inferenceStatus } from '../inference/inferenceStatus.js';
import { readPrediction } from '../store/predictions.js';
import { startJob } from '../jobs/startJob.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

/** One inference run at a time per core: two would compute the same pending images twice. */
const BUSY = 'An inference run is already in progress; cancel it or wait for it to finish.';

export function inferenceHandlers({ jobs, session }: CoreServices): FeatureHandlers<typeof inferenceMethods> {
  return {
    'inference.run': (input) => {
      const project = session.requireWritable();
      const prepare = () => prepareInference(project.db, input);
      return { jobId: startJob(jobs, 'inference', prepare, (options, ctx) => runInferenceJob(project, options, ctx), { exclusiveOf: ['inference'], busy: BUSY }).jobId };
    },
    'inference.status': () => inferenceStatus(session.require().db),
    'predictions.get': ({ imageId, modelId }) => readPrediction(session.require().db, imageId, modelId),
  };
}
