import type { errorMethods } from '../../../shared/contract/methods/errorMethods.js';
import { planErrorRun, runErrorPlan } from '../errors/classifyModelErrors.js';
import { readErrorConfig, writeErrorConfig } from '../errors/errorConfig.js';
import { startJob } from '../jobs/startJob.js';
import { compareRuns, errorGallery, errorImage, errorOverview } from '../errors/errorQueries.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

export function errorHandlers({ jobs, session }: CoreServices): FeatureHandlers<typeof errorMethods> {
  return {
    'errors.getConfig': () => readErrorConfig(session.require().db),
    'errors.setConfig': (change) => writeErrorConfig(session.requireWritable().db, change),
    'errors.run': ({ modelIds, sets }) => {
      const { db } = session.requireWritable();
      const plan = () => planErrorRun(db, { ...(modelIds ? { modelIds } : {}), ...(sets ? { sets } : {}) });
      return { jobId: startJob(jobs, 'errors', plan, (p, ctx) => runErrorPlan(db, p, ctx)).jobId };
    },
    'errors.overview': () => errorOverview(session.require().db),
    'errors.gallery': ({ runId, category, offset, limit }) => errorGallery(session.require().db, runId, category, offset, limit),
    'errors.image': ({ runId, imageId }) => errorImage(session.require().db, runId, imageId),
    'errors.compare': ({ runId, baseRunId }) => compareRuns(session.require().db, runId, baseRunId),
  };
}
