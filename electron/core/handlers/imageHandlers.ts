import type { imageMethods } from '../../../shared/contract/methods/imageMethods.js';
import { ImportTracker } from '../images/importTracker.js';
import { resolveImportRequest } from '../images/importRequest.js';
import { imageThumbnails, listImportFailures, listImages } from '../services/imagesService.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

export function imageHandlers({ session, jobs }: CoreServices): FeatureHandlers<typeof imageMethods> {
  const imports = new ImportTracker(jobs);
  return {
    'images.list': (query) => listImages(session.require().db, query),
    'images.import': (input) => {
      const project = session.requireWritable();
      return imports.start(project, resolveImportRequest(project.dir, input));
    },
    'images.importStatus': ({ jobId }) => imports.status(jobId),
    'images.importFailures': (query) => listImportFailures(session.require().db, query),
    'images.thumbnails': ({ ids }) => imageThumbnails(session.require().db, ids),
  };
}
