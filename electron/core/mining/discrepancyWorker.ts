import { parentPort } from 'node:worker_threads';
import { confusionMatrix } from '../../../shared/mining/confusionMatrix.js';
import { discrepancy } from '../../../shared/mining/discrepancy.js';
import { inflateLabelMapAt } from '../store/labelMapBlob.js';
import type { DiscrepancyRequest, DiscrepancyResult } from './discrepancyProtocol.js';

/** The larger of two maps' sizes: two models' predictions of one photo may be stored at different sizes (predictionMapSize). */
function commonSize(item: DiscrepancyRequest['items'][number]): { width: number; height: number } {
  return item.a.width * item.a.height >= item.b.width * item.b.height ? item.a : item.b;
}

/**
 * Inflates two stored label maps at a common size and measures all three distances from one
 * confusion matrix, under the run's settings.
 */
parentPort!.on('message', (request: DiscrepancyRequest) => {
  const results: DiscrepancyResult[] = request.items.map((item) => {
    const { width, height } = commonSize(item);
    let a: Uint8Array;
    let b: Uint8Array;
    try {
      a = inflateLabelMapAt(item.a, width, height, 'target prediction');
      b = inflateLabelMapAt(item.b, width, height, 'competitor prediction');
    } catch (error) {
      return { imageId: item.imageId, error: (error as Error).message };
    }
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
