import type { ErrorSettings } from '../../../shared/errors/errorSettings.js';
import { TrainingStatisticsBuilder, type TrainingStatistics } from '../../../shared/errors/trainingStatistics.js';
import { inflateLabelMap } from '../store/labelMapBlob.js';
import type { JobContext } from '../jobs/jobRunner.js';
import type { Db } from '../store/openProjectDb.js';
import { trainingSetMasks } from '../store/labelledSets.js';

/** The S0 statistics the error rules need, streamed one training mask at a time. */
export function s0ErrorStatistics(db: Db, numClasses: number, settings: ErrorSettings, ctx?: JobContext): TrainingStatistics {
  const builder = new TrainingStatisticsBuilder(numClasses, { connectivity: settings.connectivity, minRegionPixels: settings.minRegionPixels });
  for (const row of trainingSetMasks(db)) {
    ctx?.throwIfCancelled();
    builder.addMask(inflateLabelMap(row.mask, row.width, row.height, `ground truth of image ${row.imageId}`), row.width, row.height);
  }
  return builder.finish();
}
