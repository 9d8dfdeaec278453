import { EvalConfusion } from '../../../shared/evaluation/segmentationScores.js';
import { inflateLabelMapAt } from '../store/labelMapBlob.js';
import type { Db } from '../store/openProjectDb.js';
import { predictionLabelMapReader } from '../store/predictions.js';
import { referenceMask } from '../store/referenceMasks.js';

/**
 * Per image and model, the confusion of its prediction against the reference: the leaderboard
 * re-sums these over pair subsets (global ranking) and prefixes (stability) without decoding
 * any mask twice. Images lacking a reference or a prediction of some model are left out.
 */
export function perImageConfusions(db: Db, imageIds: readonly number[], modelIds: readonly number[], numClasses: number) {
  const predictionOf = predictionLabelMapReader(db);
  const images: number[] = [];
  const confusions: EvalConfusion[][] = modelIds.map(() => []);
  for (const imageId of imageIds) {
    const reference = referenceMask(db, imageId);
    if (!reference) continue;
    const blobs = modelIds.map((m) => predictionOf(imageId, m));
    if (blobs.some((b) => !b)) continue;
    images.push(imageId);
    blobs.forEach((blob, m) => {
      const cm = new EvalConfusion(numClasses);
      cm.add(reference.mask, inflateLabelMapAt(blob!, reference.width, reference.height, `prediction of model ${modelIds[m]}`));
      confusions[m]!.push(cm);
    });
  }
  return { images, confusions };
}

/** Sums the per-image confusions at the given positions into one. */
export function sumConfusions(parts: readonly EvalConfusion[], positions: Iterable<number>, numClasses: number): EvalConfusion {
  const total = new EvalConfusion(numClasses);
  for (const i of positions) {
    const counts = parts[i]!.counts;
    for (let j = 0; j < counts.length; j++) total.counts[j]! += counts[j]!;
  }
  return total;
}
