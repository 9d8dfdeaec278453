import { parentPort } from 'node:worker_threads';
import { inflateSync } from 'node:zlib';
import { confusionMatrix } from '../../../shared/mining/confusionMatrix.js';
import { discrepancy } from '../../../shared/mining/discrepancy.js';
import type { DiscrepancyRequest, DiscrepancyResult } from './discrepancyProtocol.js';

/** Inflates two stored label maps and measures all three distances from one confusion matrix, under the run's settings. */
parentPort!.on('message', (request: DiscrepancyRequest) => {
  const results: DiscrepancyResult[] = request.items.map((item) => {
    const a = inflateSync(item.a);
    const b = inflateSync(item.b);
    if (a.length !== b.length) return { imageId: item.imageId, error: 'the two predictions have different sizes' };
    const matrix = confusionMatrix(a, b, request.numClasses, { ignoreIndex: request.ignoreIndex });
    const options = { minPixels: request.settings.minClassShare * a.length, foregroundClassId: request.settings.foregroundClassId };
    return {
      imageId: item.imageId,
      miou: discrepancy(matrix, 'miou', options),
      pixelAccuracy: discrepancy(matrix, 'pixel_accuracy', options),
      fwIou: discrepancy(matrix, 'fw_iou', options),
    };
  });
  parentPort!.postMessage({ batch: request.batch, results });
});
