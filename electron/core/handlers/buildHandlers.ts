import { annotationHandlers } from './annotationHandlers.js';
import { assistHandlers } from './assistHandlers.js';
import { errorHandlers } from './errorHandlers.js';
import type { CoreServices, HandlerTable } from './handlerTable.js';
import { evaluationHandlers } from './evaluationHandlers.js';
import { finetuneHandlers } from './finetuneHandlers.js';
import { groundTruthHandlers } from './groundTruthHandlers.js';
import { imageHandlers } from './imageHandlers.js';
import { labHandlers } from './labHandlers.js';
import { inferenceHandlers } from './inferenceHandlers.js';
import { miningHandlers } from './miningHandlers.js';
import { ratingHandlers } from './ratingHandlers.js';
import { roundHandlers } from './roundHandlers.js';
import { modelHandlers } from './modelHandlers.js';
import { projectHandlers } from './projectHandlers.js';
import { qualityHandlers } from './qualityHandlers.js';
import { sliceHandlers } from './sliceHandlers.js';

/** The single handler table both hosts register, assembled from one builder per feature. */
export function buildHandlers(services: CoreServices): HandlerTable {
  return {
    ...projectHandlers(services),
    ...imageHandlers(services),
    ...groundTruthHandlers(services),
    ...modelHandlers(services),
    ...inferenceHandlers(services),
    ...annotationHandlers(services),
    ...assistHandlers(services),
    ...miningHandlers(services),
    ...ratingHandlers(services),
    ...evaluationHandlers(services),
    ...roundHandlers(services),
    ...qualityHandlers(services),
    ...finetuneHandlers(services),
    ...errorHandlers(services),
    ...sliceHandlers(services),
    ...labHandlers(services),
  };
}
