import type { sliceMethods } from '../../../shared/contract/methods/sliceMethods.js';
import type { JobKind } from '../../../shared/contract/domain.js';
import { startJob } from '../jobs/startJob.js';
import { failureMask } from '../slices/failureMask.js';
import { runSlices } from '../slices/runSlices.js';
import { prepareFresh, prepareSlices, runFresh } from '../slices/sliceJobs.js';
import { readSliceReport } from '../slices/sliceReport.js';
import { listVisionModels } from '../vision-models/visionModelFolders.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

/** One slice job at a time per core: two would embed the same images twice. */
const SLICE_JOBS: readonly JobKind[] = ['slices', 'slices.fresh'];
const BUSY = 'Slice discovery is already running; wait for it or cancel it.';

export function sliceHandlers({ jobs, session, userDataDir }: CoreServices): FeatureHandlers<typeof sliceMethods> {
  return {
    'slices.run': ({ modelId, params }) => {
      const project = session.requireWritable();
      const prepare = () => prepareSlices(project, { modelId, params });
      return { jobId: startJob(jobs, 'slices', prepare, (input, ctx) => runSlices(project, input, ctx, { userDataDir }), { exclusiveOf: SLICE_JOBS, busy: BUSY }).jobId };
    },
    'slices.get': ({ modelId, runId }) => readSliceReport(session.require().db, { modelId, runId }),
    'slices.fetchFresh': (input) => {
      const project = session.requireWritable();
      const prepare = () => prepareFresh(project, input);
      return { jobId: startJob(jobs, 'slices.fresh', prepare, (plan, ctx) => runFresh(project, plan, ctx, { userDataDir }), { exclusiveOf: SLICE_JOBS, busy: BUSY }).jobId };
    },
    'slices.visionModels': () => listVisionModels(session.require().dir).map(({ dir: _dir, onnxFiles: _files, ...info }) => info),
    'slices.failureMask': ({ imageId, modelId }) => failureMask(session.require().db, imageId, modelId),
  };
}
