import type { Db } from '../project/openProjectDb.js';

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
  const hasReference = `(EXISTS (SELECT 1 FROM ground_truth g WHERE g.image_id = i.id)
      OR EXISTS (SELECT 1 FROM annotations a WHERE a.image_id = i.id AND a.status IN ('accepted', 'submitted')))`;
  const train = db
    .prepare(
      `SELECT DISTINCT i.id FROM images i
       WHERE i.status = 'ok' AND ${hasReference} AND (
         (i.split = 'train' AND EXISTS (SELECT 1 FROM ground_truth g WHERE g.image_id = i.id))
         OR i.id IN (SELECT x.image_id FROM test_set_images x JOIN test_sets t ON t.id = x.test_set_id WHERE t.kind = 'counterexamples'))
       ORDER BY i.id`,
    )
    .pluck()
    .all() as number[];
  const tests = db.prepare("SELECT id, name FROM test_sets WHERE kind IN ('user', 'unbiased') ORDER BY id").all() as Array<{ id: number; name: string }>;
  const member = db.prepare(`SELECT i.id FROM test_set_images x JOIN images i ON i.id = x.image_id WHERE x.test_set_id = ? AND ${hasReference} ORDER BY i.id`).pluck();
  return [{ name: 'train', imageIds: train }, ...tests.map((t) => ({ name: t.name, imageIds: member.all(t.id) as number[] }))].filter((s) => s.imageIds.length > 0);
}

/** A stable file stem per image, the same in every format. */
export function exportStem(imageId: number): string {
  return `img${String(imageId).padStart(6, '0')}`;
}
