import type { imageMethods } from '../../../shared/contract/methods/imageMethods.js';
import { listImages } from '../services/imagesService.js';
import type { CoreServices, FeatureHandlers } from './handlerTable.js';

export function imageHandlers({ session }: CoreServices): FeatureHandlers<typeof imageMethods> {
  return {
    'images.list': (query) => listImages(session.require().db, query),
  };
}
