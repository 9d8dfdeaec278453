import type { sliceMethods } from '../../../shared/contract/methods/sliceMethods.js';
import { failureMask } from '../slices/failureMask.js';
import { listVisionModels } from '../vision-models/visionModelFolders.js';
import { startFreshJob, startSliceJob } from '../slices/sliceJobs.js';
import { readSliceReport } from '../slices/sliceReport.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

export function sliceHandlers({ jobs, session, userDataDir }: CoreServices): FeatureHandlers<typeof sliceMethods> {
  return {
    'slices.run': ({ modelId, params }) => startSliceJob(jobs, session.requireWritable(), { modelId, params }, { userDataDir }),
    'slices.get': ({ modelId, runId }) => readSliceReport(session.require().db, { modelId, runId }),
    'slices.fetchFresh': (input) => startFreshJob(jobs, session.requireWritable(), input, { userDataDir }),
    'slices.visionModels': () => listVisionModels(session.require().dir).map(({ dir: _dir, onnxFiles: _files, ...info }) => info),
    'slices.failureMask': ({ imageId, modelId }) => failureMask(session.require().db, imageId, modelId),
  };
}
