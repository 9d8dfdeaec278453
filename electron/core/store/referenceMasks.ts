import { groundTruthMask } from './images.js';
import { inflateLabelMap } from './labelMapBlob.js';
import type { Db } from './openProjectDb.js';

export type ReferenceSource = 'ground_truth' | 'accepted' | 'submitted';

/**
 * The mask an image is scored against: the newest accepted annotation (a reviewed correction
 * beats what was imported), else the imported ground truth, else the newest submitted
 * annotation (a mask awaiting review still beats none; the leaderboard says which kind it used).
 */
export function referenceMask(db: Db, imageId: number): { mask: Uint8Array; width: number; height: number; source: ReferenceSource } | null {
  const image = db.prepare('SELECT width, height FROM images WHERE id = ?').get(imageId) as { width: number | null; height: number | null } | undefined;
  if (!image || image.width === null || image.height === null) return null;
  const annotation = (status: 'accepted' | 'submitted') => {
    const row = db
      .prepare('SELECT mask, width, height FROM annotations WHERE image_id = ? AND status = ? ORDER BY version DESC LIMIT 1')
      .get(imageId, status) as { mask: Buffer; width: number; height: number } | undefined;
    return row ? { mask: inflateLabelMap(row.mask, row.width, row.height, `annotation of image ${imageId}`), width: row.width, height: row.height, source: status } : null;
  };
  const accepted = annotation('accepted');
  if (accepted) return accepted;
  const truth = groundTruthMask(db, imageId);
  if (truth) return { mask: inflateLabelMap(truth, image.width, image.height, `ground truth of image ${imageId}`), width: image.width, height: image.height, source: 'ground_truth' };
  return annotation('submitted');
}

/**
 * SQL condition "image `alias` has a reference mask": the one definition of "labelled" that every
 * query over images uses, matching what `referenceMask` can return.
 */
export function hasReferenceMaskSql(alias: string): string {
  return `(EXISTS (SELECT 1 FROM ground_truth g WHERE g.image_id = ${alias}.id)
    OR EXISTS (SELECT 1 FROM annotations a WHERE a.image_id = ${alias}.id AND a.status IN ('accepted', 'submitted')))`;
}
