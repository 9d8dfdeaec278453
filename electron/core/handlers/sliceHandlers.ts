import type { sliceMethods } from '../../../shared/contract/methods/sliceMethods.js';
import type { JobKind } from '../../../shared/contract/domain.js';
import { FreshResult } from '../../../shared/contract/jobResults.js';
import { startJob } from '../jobs/startJob.js';
import { failureMask } from '../slices/failureMask.js';
import { runSlices, sliceTarget } from '../slices/runSlices.js';
import { prepareFresh } from '../slices/sliceJobs.js';
import { choosePopulation } from '../slices/slicePopulation.js';
import { readSliceReport } from '../slices/sliceReport.js';
import { loadModel } from '../store/models.js';
import { listVisionModels, resolveVisionModel } from '../vision-models/visionModelFolders.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

/** One slice job at a time per core: two would embed the same images twice. */
const SLICE_JOBS: readonly JobKind[] = ['slices', 'slices.fresh'];
const BUSY = 'Slice discovery is already running; wait for it or cancel it.';

export function sliceHandlers({ jobs, session, userDataDir }: CoreServices): FeatureHandlers<typeof sliceMethods> {
  return {
    'slices.run': ({ modelId, params }) => {
      const project = session.requireWritable();
      const check = () => {
        const targetId = sliceTarget(project.db, modelId);
        loadModel(project.db, targetId);
        choosePopulation(project.db, targetId, params.population);
        if (params.embedding !== 'target') resolveVisionModel(project.dir, 'image-encoder', params.embedding);
        if (params.captioner !== 'off') resolveVisionModel(project.dir, 'captioner', params.captioner);
        return { modelId, params };
      };
      return { jobId: startJob(jobs, 'slices', check, (input, ctx) => runSlices(project, input, ctx, { userDataDir }), { exclusiveOf: SLICE_JOBS, busy: BUSY }).jobId };
    },
    'slices.get': ({ modelId, runId }) => readSliceReport(session.require().db, { modelId, runId }),
    'slices.fetchFresh': (input) => {
      const project = session.requireWritable();
      const fetch = () => prepareFresh(project, input, { userDataDir });
      // prepareFresh leaves its result untyped (two fetchers behind one closure): the schema types it.
      const run = async (work: ReturnType<typeof fetch>, ctx: Parameters<typeof work>[0]) => FreshResult.parse(await work(ctx));
      return { jobId: startJob(jobs, 'slices.fresh', fetch, run, { exclusiveOf: SLICE_JOBS, busy: BUSY }).jobId };
    },
    'slices.visionModels': () => listVisionModels(session.require().dir).map(({ dir: _dir, onnxFiles: _files, ...info }) => info),
    'slices.failureMask': ({ imageId, modelId }) => failureMask(session.require().db, imageId, modelId),
  };
}
