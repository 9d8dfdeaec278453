import { EvalConfusion, scoresFromConfusion } from '../../../shared/evaluation/segmentationScores.js';
import { inflateLabelMap } from '../project/labelMapBlob.js';
import type { JobContext } from '../jobs/jobRunner.js';
import { projectClassCount } from '../mining/projectClasses.js';
import type { Db } from '../project/openProjectDb.js';
import { referenceMask, type ReferenceSource } from '../store/referenceMasks.js';
import { listTestSets, syncUserTestSet } from '../store/testSets.js';

export interface EvaluationDetail {
  perClass: Array<number | null>;
  pixelAccuracy: number | null;
  images: number;
  /** Images of the set without a reference mask yet, or without this model's prediction. */
  unlabelled: number;
  unpredicted: number;
  references: Partial<Record<ReferenceSource, number>>;
}

export interface EvaluationRow extends EvaluationDetail {
  modelId: number;
  testSetId: number;
  miou: number;
}

/**
 * Scores every model on every evaluation set (T0 and each unbiased T(i); counterexample sets are
 * training data, not tests). One confusion matrix per (model, set) summed over its images; an
 * image without a reference or a prediction is counted, never silently dropped.
 */
export async function evaluateModels(db: Db, ctx?: JobContext): Promise<EvaluationRow[]> {
  syncUserTestSet(db);
  const numClasses = projectClassCount(db);
  const sets = listTestSets(db).filter((s) => s.kind !== 'counterexamples');
  const models = db.prepare('SELECT id FROM models ORDER BY id').pluck().all() as number[];
  const predictionOf = db.prepare('SELECT label_map FROM predictions WHERE image_id = ? AND model_id = ? AND error IS NULL AND label_map IS NOT NULL').pluck();
  const store = db.prepare(
    `INSERT INTO evaluations (model_id, test_set_id, miou, per_class, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (model_id, test_set_id) DO UPDATE SET miou = excluded.miou, per_class = excluded.per_class, created_at = excluded.created_at`,
  );
  const results: EvaluationRow[] = [];
  const total = sets.reduce((n, s) => n + s.images, 0);
  let done = 0;
  for (const set of sets) {
    const imageIds = db.prepare('SELECT image_id FROM test_set_images WHERE test_set_id = ? ORDER BY image_id').pluck().all(set.id) as number[];
    const confusions = new Map(models.map((m) => [m, new EvalConfusion(numClasses)]));
    const unpredicted = new Map(models.map((m) => [m, 0]));
    const references: Partial<Record<ReferenceSource, number>> = {};
    let unlabelled = 0;
    for (const imageId of imageIds) {
      ctx?.throwIfCancelled();
      const reference = referenceMask(db, imageId);
      done++;
      if (!reference) {
        unlabelled++;
        continue;
      }
      references[reference.source] = (references[reference.source] ?? 0) + 1;
      for (const modelId of models) {
        const blob = predictionOf.get(imageId, modelId) as Buffer | undefined;
        if (!blob) {
          unpredicted.set(modelId, unpredicted.get(modelId)! + 1);
          continue;
        }
        confusions.get(modelId)!.add(reference.mask, inflateLabelMap(blob, reference.width, reference.height, `prediction of model ${modelId}`));
      }
      ctx?.progress(done, total, `Evaluating on ${set.name}`);
    }
    db.transaction(() => {
      for (const modelId of models) {
        const scores = scoresFromConfusion(confusions.get(modelId)!);
        if (scores.miou === null) continue;
        const detail: EvaluationDetail = {
          perClass: scores.perClass,
          pixelAccuracy: scores.pixelAccuracy,
          images: imageIds.length - unlabelled - unpredicted.get(modelId)!,
          unlabelled,
          unpredicted: unpredicted.get(modelId)!,
          references,
        };
        store.run(modelId, set.id, scores.miou, JSON.stringify(detail), new Date().toISOString());
        results.push({ modelId, testSetId: set.id, miou: scores.miou, ...detail });
      }
    })();
  }
  return results;
}
