import { classPixelCounts } from '../../../shared/mining/classFractions.js';
import { ClassAreaAccumulator } from '../../../shared/mining/contentConstraint.js';
import { inflateLabelMap } from '../store/labelMapBlob.js';
import type { Db } from '../store/openProjectDb.js';
import { trainingSetMasks } from '../store/labelledSets.js';

/** Class-area statistics of the training masks S0, streamed one mask at a time. */
export function s0Statistics(db: Db, numClasses: number, ignoreIndex: number): { stats: ClassAreaAccumulator; masks: number } {
  const stats = new ClassAreaAccumulator(numClasses);
  let masks = 0;
  for (const row of trainingSetMasks(db)) {
    const mask = inflateLabelMap(row.mask, row.width, row.height, `ground truth of image ${row.imageId}`);
    stats.addImage(classPixelCounts(mask, numClasses, { ignoreIndex }), mask.length);
    masks++;
  }
  return { stats, masks };
}
