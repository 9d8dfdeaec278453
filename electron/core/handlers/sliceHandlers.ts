import type { sliceMethods } from '../../../shared/contract/methods/sliceMethods.js';
import { failureMask } from '../slices/failureMask.js';
import { startFreshJob, startSliceJob } from '../slices/sliceJobs.js';
import { readSliceReport } from '../slices/sliceReport.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

export function sliceHandlers({ jobs, session }: CoreServices): FeatureHandlers<typeof sliceMethods> {
  return {
    'slices.run': ({ modelId, params }) => startSliceJob(jobs, session.requireWritable(), { modelId, params }),
    'slices.get': ({ modelId, runId }) => readSliceReport(session.require().db, { modelId, runId }),
    'slices.fetchFresh': (input) => startFreshJob(jobs, session.requireWritable(), input),
    'slices.failureMask': ({ imageId, modelId }) => failureMask(session.require().db, imageId, modelId),
  };
}
