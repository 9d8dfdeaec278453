import type { qualityMethods } from '../../../shared/contract/methods/qualityMethods.js';
import { startJob } from '../jobs/startJob.js';
import { executeLabelQuality, prepareLabelQuality } from '../quality/runLabelQuality.js';
import { listQualitySets } from '../quality/qualitySets.js';
import { imagePage } from '../quality/qualityStore.js';
import { commonIssues, imageMasks, runViews } from '../quality/qualityViews.js';
import { rescoreImage } from '../quality/rescoreImage.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

export function qualityHandlers({ jobs, session }: CoreServices): FeatureHandlers<typeof qualityMethods> {
  return {
    'quality.sets': () => listQualitySets(session.require().db).map(({ name, kind, images, labelled }) => ({ name, kind, images, labelled })),
    'quality.run': ({ set, modelId, source, provider }) => {
      const project = session.requireWritable();
      return { jobId: startJob(jobs, 'label-quality', () => prepareLabelQuality(project, { set, modelId, source, provider }), executeLabelQuality).jobId };
    },
    'quality.runs': () => runViews(session.require().db),
    'quality.images': ({ runId, classId, pair, offset, limit }) => imagePage(session.require().db, runId, { classId, pair }, offset, limit),
    'quality.imageMasks': ({ runId, imageId }) => imageMasks(session.require().db, runId, imageId),
    'quality.commonIssues': ({ runId, classId, top }) => commonIssues(session.require().db, runId, classId, top),
    'quality.rescoreImage': async ({ imageId, runId }) => ({ rescored: await rescoreImage(session.requireWritable(), imageId, runId) }),
  };
}
