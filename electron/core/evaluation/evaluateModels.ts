import { EvalConfusion, scoresFromConfusion } from '../../../shared/evaluation/segmentationScores.js';
import { inflateLabelMapAt } from '../store/labelMapBlob.js';
import type { JobContext } from '../jobs/jobRunner.js';
import { projectClassCount } from '../mining/projectClasses.js';
import type { Db } from '../store/openProjectDb.js';
import { evaluationWriter, type EvaluationDetail } from '../store/evaluations.js';
import { modelIdentities } from '../store/models.js';
import { predictionLabelMapReader } from '../store/predictions.js';
import { referenceMask, type ReferenceSource } from '../store/referenceMasks.js';
import { syncUserTestSet } from '../store/labelledSets.js';
import { listTestSets, testSetImageIds } from '../store/testSets.js';

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
  const models = modelIdentities(db).map((m) => m.id);
  const predictionOf = predictionLabelMapReader(db);
  const store = evaluationWriter(db);
  const results: EvaluationRow[] = [];
  const total = sets.reduce((n, s) => n + s.images, 0);
  let done = 0;
  for (const set of sets) {
    const imageIds = testSetImageIds(db, set.id);
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
        const blob = predictionOf(imageId, modelId);
        if (!blob) {
          unpredicted.set(modelId, unpredicted.get(modelId)! + 1);
          continue;
        }
        confusions.get(modelId)!.add(reference.mask, inflateLabelMapAt(blob, reference.width, reference.height, `prediction of model ${modelId}`));
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
        store(modelId, set.id, scores.miou, detail);
        results.push({ modelId, testSetId: set.id, miou: scores.miou, ...detail });
      }
    })();
  }
  return results;
}
