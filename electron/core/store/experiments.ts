import type { Db } from './openProjectDb.js';

/** Images in some counterexample set S(j) or unbiased test set T(j). */
export function roundLabelledImageIds(db: Db): number[] {
  return db
    .prepare("SELECT DISTINCT x.image_id FROM test_set_images x JOIN test_sets t ON t.id = x.test_set_id WHERE t.kind IN ('counterexamples', 'unbiased')")
    .pluck()
    .all() as number[];
}

/** The model's stored mIoU on T0, the user test set; null before it was evaluated there. */
export function userTestSetMiou(db: Db, modelId: number): number | null {
  return (db.prepare("SELECT e.miou FROM evaluations e JOIN test_sets t ON t.id = e.test_set_id WHERE t.kind = 'user' AND e.model_id = ?").pluck().get(modelId) as number | undefined) ?? null;
}

/** The model's stored mIoU on a test set; null before it was evaluated there. */
export function evaluationMiou(db: Db, modelId: number, testSetId: number): number | null {
  return (db.prepare('SELECT miou FROM evaluations WHERE model_id = ? AND test_set_id = ?').pluck().get(modelId, testSetId) as number | undefined) ?? null;
}

export function testSetImageIds(db: Db, testSetId: number): number[] {
  return db.prepare('SELECT image_id FROM test_set_images WHERE test_set_id = ? ORDER BY image_id').pluck().all(testSetId) as number[];
}

/** A candidate set's images, best-ranked first. */
export function candidateImageIds(db: Db, setId: number): number[] {
  return db.prepare('SELECT image_id FROM candidates WHERE set_id = ? ORDER BY rank').pluck().all(setId) as number[];
}

/** Whether an image has an accepted annotation; prepared once for loops over images. */
export function acceptedAnnotationChecker(db: Db): (imageId: number) => boolean {
  const accepted = db.prepare("SELECT 1 FROM annotations WHERE image_id = ? AND status = 'accepted'");
  return (imageId) => accepted.get(imageId) !== undefined;
}
