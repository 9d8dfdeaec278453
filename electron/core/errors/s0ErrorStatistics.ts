import type { ErrorSettings } from '../../../shared/errors/errorSettings.js';
import { TrainingStatisticsBuilder, type TrainingStatistics } from '../../../shared/errors/trainingStatistics.js';
import { inflateLabelMap } from '../project/labelMapBlob.js';
import type { JobContext } from '../jobs/jobRunner.js';
import type { Db } from '../project/openProjectDb.js';

/** The S0 statistics the error rules need, streamed one training mask at a time. */
export function s0ErrorStatistics(db: Db, numClasses: number, settings: ErrorSettings, ctx?: JobContext): TrainingStatistics {
  const builder = new TrainingStatisticsBuilder(numClasses, { connectivity: settings.connectivity, minRegionPixels: settings.minRegionPixels });
  const rows = db
    .prepare(
      `SELECT g.image_id AS id, g.mask, i.width, i.height FROM ground_truth g JOIN images i ON i.id = g.image_id
       WHERE i.split = 'train' AND i.status = 'ok' AND i.width IS NOT NULL AND i.height IS NOT NULL ORDER BY g.image_id`,
    )
    .iterate() as IterableIterator<{ id: number; mask: Buffer; width: number; height: number }>;
  for (const row of rows) {
    ctx?.throwIfCancelled();
    builder.addMask(inflateLabelMap(row.mask, row.width, row.height, `ground truth of image ${row.id}`), row.width, row.height);
  }
  return builder.finish();
}
