import type { inferenceMethods } from '../../../shared/contract/methods/inferenceMethods.js';
import { startInferenceJob } from '../inference/inferenceJob.js';
import { inferenceStatus } from '../inference/inferenceStatus.js';
import { readPrediction } from '../inference/predictionStore.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

export function inferenceHandlers({ jobs, session }: CoreServices): FeatureHandlers<typeof inferenceMethods> {
  return {
    'inference.run': (input) => ({ jobId: startInferenceJob(jobs, session.requireWritable(), input).jobId }),
    'inference.status': () => inferenceStatus(session.require().db),
    'predictions.get': ({ imageId, modelId }) => readPrediction(session.require().db, imageId, modelId),
  };
}
