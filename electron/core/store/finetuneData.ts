import type { Db } from './openProjectDb.js';
import { TRAINING_SET, labelledSetImages, listLabelledSets } from './labelledSets.js';
import { hasReferenceMaskSql } from './referenceMasks.js';

export interface FinetuneImages {
  /** S0: training-split images with imported ground truth. */
  old: number[];
  /** S(1..i): counterexample images with a reference mask; an image in both counts here only. */
  new: number[];
}

const COUNTEREXAMPLE_IMAGES = "SELECT x.image_id FROM test_set_images x JOIN test_sets t ON t.id = x.test_set_id WHERE t.kind = 'counterexamples'";

/** The images a fine-tune learns from: S0 ∪ S(1..i), as the export defines them, kept apart by source. */
export function finetuneImages(db: Db): FinetuneImages {
  const inCounterexamples = new Set(db.prepare(COUNTEREXAMPLE_IMAGES).pluck().all() as number[]);
  const s0 = listLabelledSets(db).find((s) => s.name === TRAINING_SET);
  return {
    old: s0 ? labelledSetImages(db, s0).filter((id) => !inCounterexamples.has(id)) : [],
    new: db.prepare(`SELECT i.id FROM images i WHERE i.status = 'ok' AND i.id IN (${COUNTEREXAMPLE_IMAGES}) AND ${hasReferenceMaskSql('i')} ORDER BY i.id`).pluck().all() as number[],
  };
}

/** Total image area of a set of images (the upper bound of its labelled pixels). */
export function imageArea(db: Db, ids: readonly number[]): number {
  const area = db.prepare('SELECT coalesce(width * height, 0) FROM images WHERE id = ?').pluck();
  return ids.reduce((sum, id) => sum + ((area.get(id) as number | undefined) ?? 0), 0);
}
