import { EvalConfusion, scoresFromConfusion } from '../../../shared/evaluation/segmentationScores.js';
import { inflateLabelMap } from '../project/labelMapBlob.js';
import type { Db } from '../project/openProjectDb.js';
import { projectOracle } from './demoOracle.js';

/**
 * A model's true mIoU on some pool images, scored against the simulation oracle: how experiments
 * and tests check that mining finds real failures. Never used by the workstation's own features.
 */
export async function oracleMiou(db: Db, projectDir: string, modelId: number, imageIds: readonly number[]): Promise<number | null> {
  const { oracle, keyOf } = await projectOracle(db, projectDir);
  const numClasses = ((db.prepare('SELECT max(id) FROM classes').pluck().get() as number | null) ?? 0) + 1;
  const confusion = new EvalConfusion(numClasses);
  const prediction = db.prepare('SELECT label_map FROM predictions WHERE image_id = ? AND model_id = ? AND error IS NULL').pluck();
  for (const imageId of imageIds) {
    const key = keyOf(imageId);
    const blob = prediction.get(imageId, modelId) as Buffer | undefined;
    if (!key || !blob) continue;
    const truth = await oracle.mask(key);
    confusion.add(truth.data, inflateLabelMap(blob, truth.width, truth.height, `prediction of image ${imageId}`));
  }
  return scoresFromConfusion(confusion).miou;
}
