import { lookahead } from '../../../models/concurrency.js';
import type { SplitMetrics } from '../../../models/demo/demoWorldManifest.js';
import { splitMetrics } from '../../../models/demo/evaluateModels.js';
import { EvalConfusion, scoresFromConfusion } from '../../../shared/evaluation/segmentationScores.js';
import { inflateLabelMapAt } from '../store/labelMapBlob.js';
import type { Db } from '../store/openProjectDb.js';
import { maxClassId } from '../store/classes.js';
import { listImageSources } from '../store/images.js';
import { predictionLabelMapReader } from '../store/predictions.js';
import { projectOracle } from './demoOracle.js';

/** Oracle masks decoded ahead of scoring (sharp decodes on its own threads meanwhile). */
const MASK_LOOKAHEAD = 8;

/**
 * Each model's confusion of its stored predictions against the oracle's true masks, over the
 * given images; an image without an oracle key or a prediction is left out of that model's count.
 */
async function oracleConfusions(db: Db, projectDir: string, modelIds: readonly number[], imageIds: readonly number[]): Promise<Map<number, { confusion: EvalConfusion; images: number }>> {
  const { oracle, keyOf } = await projectOracle(db, projectDir);
  const numClasses = (maxClassId(db) ?? 0) + 1;
  const scores = new Map(modelIds.map((id) => [id, { confusion: new EvalConfusion(numClasses), images: 0 }]));
  const readLabelMap = predictionLabelMapReader(db);
  const keyed = imageIds.flatMap((imageId) => {
    const key = keyOf(imageId);
    return key ? [{ imageId, key }] : [];
  });
  const truths = lookahead(keyed, MASK_LOOKAHEAD, async ({ imageId, key }) => ({ imageId, truth: await oracle.mask(key) }));
  for await (const { imageId, truth } of truths) {
    for (const [modelId, score] of scores) {
      const blob = readLabelMap(imageId, modelId);
      if (!blob) continue;
      score.confusion.add(truth.data, inflateLabelMapAt(blob, truth.width, truth.height, `prediction of image ${imageId}`));
      score.images++;
    }
  }
  return scores;
}

/**
 * A model's true mIoU on some pool images, scored against the simulation oracle: how experiments
 * and tests check that mining finds real failures. Never used by the workstation's own features.
 */
export async function oracleMiou(db: Db, projectDir: string, modelId: number, imageIds: readonly number[]): Promise<number | null> {
  const scores = await oracleConfusions(db, projectDir, [modelId], imageIds);
  return scoresFromConfusion(scores.get(modelId)!.confusion).miou;
}

/** Every model's scores on the whole pool from its stored predictions, as the demo world's manifest records them. */
export async function oraclePoolMetrics(db: Db, projectDir: string, modelIds: readonly number[]): Promise<Map<number, SplitMetrics>> {
  const pool = listImageSources(db)
    .filter((image) => image.split === 'pool')
    .map((image) => image.id)
    .sort((a, b) => a - b);
  const scores = await oracleConfusions(db, projectDir, modelIds, pool);
  return new Map([...scores].map(([modelId, score]) => [modelId, splitMetrics(score.confusion, score.images)]));
}
