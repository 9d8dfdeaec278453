import { EvalConfusion, scoresFromConfusion } from '../../../shared/evaluation/segmentationScores.js';
import { inflateLabelMapAt } from '../store/labelMapBlob.js';
import type { Db } from '../store/openProjectDb.js';
import { maxClassId } from '../store/classes.js';
import { predictionLabelMapReader } from '../store/predictions.js';
import { projectOracle } from './demoOracle.js';

/**
 * A model's true mIoU on some pool images, scored against the simulation oracle: how experiments
 * and tests check that mining finds real failures. Never used by the workstation's own features.
 */
export async function oracleMiou(db: Db, projectDir: string, modelId: number, imageIds: readonly number[]): Promise<number | null> {
  const { oracle, keyOf } = await projectOracle(db, projectDir);
  const numClasses = (maxClassId(db) ?? 0) + 1;
  const confusion = new EvalConfusion(numClasses);
  const readLabelMap = predictionLabelMapReader(db);
  for (const imageId of imageIds) {
    const key = keyOf(imageId);
    const blob = readLabelMap(imageId, modelId);
    if (!key || !blob) continue;
    const truth = await oracle.mask(key);
    confusion.add(truth.data, inflateLabelMapAt(blob, truth.width, truth.height, `prediction of image ${imageId}`));
  }
  return scoresFromConfusion(confusion).miou;
}
