import { classPixelCounts } from '../../../shared/mining/classFractions.js';
import { ClassAreaAccumulator } from '../../../shared/mining/contentConstraint.js';
import { inflateLabelMap } from '../project/labelMapBlob.js';
import type { Db } from '../project/openProjectDb.js';

/** Class-area statistics of the training masks S0, streamed one mask at a time. */
export function s0Statistics(db: Db, numClasses: number, ignoreIndex: number): { stats: ClassAreaAccumulator; masks: number } {
  const stats = new ClassAreaAccumulator(numClasses);
  let masks = 0;
  const rows = db
    .prepare("SELECT g.image_id, g.mask, i.width, i.height FROM ground_truth g JOIN images i ON i.id = g.image_id WHERE i.split = 'train' AND i.status = 'ok' ORDER BY g.image_id")
    .iterate() as IterableIterator<{ image_id: number; mask: Buffer; width: number; height: number }>;
  for (const row of rows) {
    const mask = inflateLabelMap(row.mask, row.width, row.height, `ground truth of image ${row.image_id}`);
    stats.addImage(classPixelCounts(mask, numClasses, { ignoreIndex }), mask.length);
    masks++;
  }
  return { stats, masks };
}
