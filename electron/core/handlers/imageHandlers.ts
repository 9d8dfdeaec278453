import type { imageMethods } from '../../../shared/contract/methods/imageMethods.js';
import { ImportRuns, prepareImport, runImport } from '../images/importJob.js';
import { startJob } from '../jobs/startJob.js';
import { browseImages } from '../store/imageBrowse.js';
import { dicomViewOf } from '../images/dicom/dicomView.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { listDicomReview, markDicomReviewed } from '../store/dicomFrames.js';
import { imageThumbnails, listImportFailures, listImages } from '../store/images.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

export function imageHandlers({ session, jobs }: CoreServices): FeatureHandlers<typeof imageMethods> {
  const imports = new ImportRuns();
  return {
    'images.list': (query) => listImages(session.require().db, query),
    'images.browse': (query) => browseImages(session.require().db, query),
    'images.import': (input) => {
      const project = session.requireWritable();
      const { jobId, done, plan } = startJob(jobs, 'images.import', () => prepareImport(project.dir, input), (p, ctx) => runImport(project, p, ctx));
      imports.track(jobId, plan.summary, done);
      return { jobId, runId: plan.summary.runId };
    },
    'images.importStatus': ({ jobId }) => imports.status(jobId),
    'images.importFailures': (query) => listImportFailures(session.require().db, query),
    'images.thumbnails': ({ ids }) => imageThumbnails(session.require().db, ids),
    'images.dicomView': ({ imageId }) => dicomViewOf(session.require().db, imageId),
    'images.dicomReview': (query) => listDicomReview(session.require().db, query),
    'images.dicomMarkReviewed': ({ imageId }) => {
      if (!markDicomReviewed(session.requireWritable().db, imageId)) throw new FaultlineError('not_found', `Image ${imageId} is not a DICOM frame of this project; reload the review list.`);
      return { ok: true as const };
    },
  };
}
