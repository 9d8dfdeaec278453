import type { Db } from '../store/openProjectDb.js';
import { exportImageIds } from '../store/finetuneData.js';

export interface ExportSplit {
  /** `train` (S0 ∪ every S(j)) or the name of a test set (T0, T1, …). */
  name: string;
  imageIds: number[];
}

/**
 * What an export holds: the training data S0 ∪ S(1..i) for rectification outside the app, and
 * every evaluation set. Images without a reference mask yet are left out of every split.
 */
export function exportSplits(db: Db): ExportSplit[] {
  const { train, tests } = exportImageIds(db);
  return [{ name: 'train', imageIds: train }, ...tests].filter((s) => s.imageIds.length > 0);
}

/** A stable file stem per image, the same in every format. */
export function exportStem(imageId: number): string {
  return `img${String(imageId).padStart(6, '0')}`;
}
