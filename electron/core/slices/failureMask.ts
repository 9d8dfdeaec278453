import type { MaskPayload } from '../../../shared/contract/domain.js';
import { maskPayload } from '../annotations/maskCodec.js';
import { deflateLabelMap, inflateLabelMapAt } from '../store/labelMapBlob.js';
import { imageFile } from '../store/images.js';
import { predictionLabelMapReader } from '../store/predictions.js';
import { referenceMask } from '../store/referenceMasks.js';
import { resolveMiningModels } from '../mining/resolveMiningModels.js';
import type { Db } from '../store/openProjectDb.js';
import { UNLABELLED } from '../../../shared/labels/unlabelled.js';

/**
 * Where a model's prediction is wrong on one image, for the Slices view to paint: 1 where it
 * differs from the reference mask (ignored reference pixels stay 0), or, for an unlabelled image,
 * from the first competitor's prediction. Null when there is nothing to compare.
 */
export function failureMask(db: Db, imageId: number, modelId: number): { against: 'reference' | 'competitor'; competitorId: number | null; mask: MaskPayload } | null {
  const image = imageFile(db, imageId);
  if (!image || image.width === null || image.height === null) return null;
  const { width, height } = image;
  const predictionOf = predictionLabelMapReader(db);
  const own = predictionOf(imageId, modelId);
  if (!own) return null;
  const predicted = inflateLabelMapAt(own, width, height, `prediction of model ${modelId}`);
  const reference = referenceMask(db, imageId);
  let against: 'reference' | 'competitor' = 'reference';
  let competitorId: number | null = null;
  let other: Uint8Array | null = reference && reference.width === width && reference.height === height ? reference.mask : null;
  if (!other) {
    against = 'competitor';
    const competitors = (() => {
      try {
        return resolveMiningModels(db, modelId).competitorIds;
      } catch {
        return [];
      }
    })();
    for (const id of competitors) {
      const blob = predictionOf(imageId, id);
      if (!blob) continue;
      other = inflateLabelMapAt(blob, width, height, `prediction of model ${id}`);
      competitorId = id;
      break;
    }
  }
  if (!other) return null;
  const wrong = new Uint8Array(width * height);
  for (let i = 0; i < wrong.length; i++) wrong[i] = other[i] !== UNLABELLED && other[i] !== predicted[i] ? 1 : 0;
  return { against, competitorId, mask: maskPayload(deflateLabelMap(wrong), width, height) };
}
