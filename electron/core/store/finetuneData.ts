import { FinetuneRun } from '../../../shared/contract/methods/finetuneMethods.js';
import type { Db } from './openProjectDb.js';
import { modelIdentities } from './models.js';
import { projectMeta, setMetaValue } from './projectStats.js';
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

const USER_TEST_IMAGES = `SELECT DISTINCT i.id FROM test_set_images x JOIN test_sets t ON t.id = x.test_set_id JOIN images i ON i.id = x.image_id
  WHERE t.kind = 'user' AND i.status = 'ok' AND ${hasReferenceMaskSql('i')} ORDER BY i.id`;

/** T0: the images of the user's test sets with a reference mask, on which a fine-tune's learning rate is chosen. */
export function userTestImages(db: Db): number[] {
  return db.prepare(USER_TEST_IMAGES).pluck().all() as number[];
}

/**
 * The images of an export, each with a reference mask: the training data a fine-tune learns from
 * (S0 ∪ S(1..i), in image order) and each evaluation set (user and unbiased test sets).
 */
export function exportImageIds(db: Db): { train: number[]; tests: Array<{ name: string; imageIds: number[] }> } {
  const images = finetuneImages(db);
  const train = [...images.old, ...images.new].sort((a, b) => a - b);
  const tests = db.prepare("SELECT id, name FROM test_sets WHERE kind IN ('user', 'unbiased') ORDER BY id").all() as Array<{ id: number; name: string }>;
  const member = db.prepare(`SELECT i.id FROM test_set_images x JOIN images i ON i.id = x.image_id WHERE x.test_set_id = ? AND ${hasReferenceMaskSql('i')} ORDER BY i.id`).pluck();
  return { train, tests: tests.map((t) => ({ name: t.name, imageIds: member.all(t.id) as number[] })) };
}

/** meta key of the record of the fine-tune that made a model: a FinetuneRun as JSON. */
const RUN_KEY_PREFIX = 'finetune.model.';

export function recordFinetuneRun(db: Db, run: FinetuneRun): void {
  setMetaValue(db, `${RUN_KEY_PREFIX}${run.modelId}`, JSON.stringify(run));
}

/** The newest fine-tune recorded in the project whose model is still registered, or null. */
export function latestFinetuneRun(db: Db): FinetuneRun | null {
  const registered = new Set(modelIdentities(db).map((m) => m.id));
  const runs = [...projectMeta(db)]
    .filter(([key]) => key.startsWith(RUN_KEY_PREFIX))
    .map(([, value]) => FinetuneRun.safeParse(JSON.parse(value)))
    .flatMap((p) => (p.success && registered.has(p.data.modelId) ? [p.data] : []))
    .sort((a, b) => b.modelId - a.modelId);
  return runs[0] ?? null;
}
