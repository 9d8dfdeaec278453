import { EvalConfusion } from '../../../shared/evaluation/segmentationScores.js';
import { inflateLabelMapAt } from '../store/labelMapBlob.js';
import type { Db } from '../store/openProjectDb.js';
import { predictionLabelMapReader } from '../store/predictions.js';
import { referenceMask } from '../store/referenceMasks.js';

/**
 * Per image and model, the confusion of its prediction against the reference: the leaderboard
 * re-sums these over pair subsets (global ranking) and prefixes (stability) without decoding
 * any mask twice. Images lacking a reference are left out; a model without a prediction of an
 * image has null there, so it drops out of that image's sums without taking the others with it.
 */
export function perImageConfusions(db: Db, imageIds: readonly number[], modelIds: readonly number[], numClasses: number) {
  const predictionOf = predictionLabelMapReader(db);
  const images: number[] = [];
  const confusions: Array<Array<EvalConfusion | null>> = modelIds.map(() => []);
  for (const imageId of imageIds) {
    const reference = referenceMask(db, imageId);
    if (!reference) continue;
    images.push(imageId);
    modelIds.forEach((modelId, m) => {
      const blob = predictionOf(imageId, modelId);
      if (!blob) {
        confusions[m]!.push(null);
        return;
      }
      const cm = new EvalConfusion(numClasses);
      cm.add(reference.mask, inflateLabelMapAt(blob, reference.width, reference.height, `prediction of model ${modelId}`));
      confusions[m]!.push(cm);
    });
  }
  return { images, confusions };
}

/** Positions at which every one of the given models has a prediction. */
export function predictedByAll(confusions: ReadonlyArray<ReadonlyArray<EvalConfusion | null>>, models: readonly number[], positions: Iterable<number>): number[] {
  return [...positions].filter((i) => models.every((m) => confusions[m]![i] !== null));
}

/** Sums the per-image confusions at the given positions into one. */
export function sumConfusions(parts: ReadonlyArray<EvalConfusion | null>, positions: Iterable<number>, numClasses: number): EvalConfusion {
  const total = new EvalConfusion(numClasses);
  for (const i of positions) {
    const part = parts[i];
    if (!part) throw new RangeError(`no confusion at position ${i}: sum only where the model has a prediction`);
    const counts = part.counts;
    for (let j = 0; j < counts.length; j++) total.counts[j]! += counts[j]!;
  }
  return total;
}
