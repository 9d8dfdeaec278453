import type { MaskPayload } from '../../../shared/contract/domain.js';
import { maskPayload } from '../annotations/maskCodec.js';
import { deflateLabelMap, inflateLabelMap } from '../project/labelMapBlob.js';
import { referenceMask } from '../store/referenceMasks.js';
import { resolveMiningModels } from '../mining/resolveMiningModels.js';
import type { Db } from '../project/openProjectDb.js';

/**
 * Where a model's prediction is wrong on one image, for the Slices view to paint: 1 where it
 * differs from the reference mask (ignored reference pixels stay 0), or, for an unlabelled image,
 * from the first competitor's prediction. Null when there is nothing to compare.
 */
export function failureMask(db: Db, imageId: number, modelId: number): { against: 'reference' | 'competitor'; competitorId: number | null; mask: MaskPayload } | null {
  const image = db.prepare('SELECT width, height FROM images WHERE id = ?').get(imageId) as { width: number | null; height: number | null } | undefined;
  if (!image || image.width === null || image.height === null) return null;
  const { width, height } = image;
  const predictionOf = db.prepare('SELECT label_map FROM predictions WHERE image_id = ? AND model_id = ? AND error IS NULL AND label_map IS NOT NULL').pluck();
  const own = predictionOf.get(imageId, modelId) as Buffer | undefined;
  if (!own) return null;
  const predicted = inflateLabelMap(own, width, height, `prediction of model ${modelId}`);
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
      const blob = predictionOf.get(imageId, id) as Buffer | undefined;
      if (!blob) continue;
      other = inflateLabelMap(blob, width, height, `prediction of model ${id}`);
      competitorId = id;
      break;
    }
  }
  if (!other) return null;
  const wrong = new Uint8Array(width * height);
  for (let i = 0; i < wrong.length; i++) wrong[i] = other[i] !== 255 && other[i] !== predicted[i] ? 1 : 0;
  return { against, competitorId, mask: maskPayload(deflateLabelMap(wrong), width, height) };
}
