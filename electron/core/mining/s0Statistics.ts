import { inflateSync } from 'node:zlib';
import { classPixelCounts } from '../../../shared/mining/classFractions.js';
import { ClassAreaAccumulator } from '../../../shared/mining/contentConstraint.js';
import type { Db } from '../project/openProjectDb.js';

/** Class-area statistics of the training masks S0, streamed one mask at a time. */
export function s0Statistics(db: Db, numClasses: number, ignoreIndex: number): { stats: ClassAreaAccumulator; masks: number } {
  const stats = new ClassAreaAccumulator(numClasses);
  let masks = 0;
  const rows = db
    .prepare("SELECT g.mask FROM ground_truth g JOIN images i ON i.id = g.image_id WHERE i.split = 'train' AND i.status = 'ok' ORDER BY g.image_id")
    .pluck()
    .iterate() as IterableIterator<Buffer>;
  for (const blob of rows) {
    const mask = inflateSync(blob);
    stats.addImage(classPixelCounts(mask, numClasses, { ignoreIndex }), mask.length);
    masks++;
  }
  return { stats, masks };
}
