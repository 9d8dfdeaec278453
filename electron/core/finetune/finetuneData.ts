import type { Db } from '../project/openProjectDb.js';

export interface FinetuneImages {
  /** S0: training-split images with imported ground truth. */
  old: number[];
  /** S(1..i): counterexample images with a reference mask; an image in both counts here only. */
  new: number[];
}

const HAS_REFERENCE = `(EXISTS (SELECT 1 FROM ground_truth g WHERE g.image_id = i.id)
  OR EXISTS (SELECT 1 FROM annotations a WHERE a.image_id = i.id AND a.status IN ('accepted', 'submitted')))`;
const IN_COUNTEREXAMPLES = `i.id IN (SELECT x.image_id FROM test_set_images x JOIN test_sets t ON t.id = x.test_set_id WHERE t.kind = 'counterexamples')`;

/** The images a fine-tune learns from: S0 ∪ S(1..i), as the export defines them, kept apart by source. */
export function finetuneImages(db: Db): FinetuneImages {
  const ids = (where: string) => db.prepare(`SELECT i.id FROM images i WHERE i.status = 'ok' AND ${where} ORDER BY i.id`).pluck().all() as number[];
  return {
    old: ids(`i.split = 'train' AND EXISTS (SELECT 1 FROM ground_truth g WHERE g.image_id = i.id) AND NOT ${IN_COUNTEREXAMPLES}`),
    new: ids(`${IN_COUNTEREXAMPLES} AND ${HAS_REFERENCE}`),
  };
}

/** Total image area of a set of images (the upper bound of its labelled pixels). */
export function imageArea(db: Db, ids: readonly number[]): number {
  const area = db.prepare('SELECT coalesce(width * height, 0) FROM images WHERE id = ?').pluck();
  return ids.reduce((sum, id) => sum + ((area.get(id) as number | undefined) ?? 0), 0);
}
