import { join } from 'node:path';
import { confusionMatrix } from '../../../shared/mining/confusionMatrix.js';
import { discrepancy } from '../../../shared/mining/discrepancy.js';
import type { SelectionStrategy } from '../../../shared/mining/miningParams.js';
import { projectClassCount } from '../mining/projectClasses.js';
import { inflateLabelMapAt } from '../store/labelMapBlob.js';
import { openProjectDb, type ProjectDb } from '../store/openProjectDb.js';
import { predictionLabelMapReader } from '../store/predictions.js';
import type { CompetitionResult } from './experimentResults.js';
import { OracleSimulation } from './oracleSimulation.js';

/** The `size` images with the largest disagreement, largest first (ties: lower image id). */
export function mostDisputed(disagreement: ReadonlyMap<number, number>, size: number): Array<{ imageId: number; d: number }> {
  return [...disagreement]
    .map(([imageId, d]) => ({ imageId, d }))
    .sort((a, b) => b.d - a.d || a.imageId - b.imageId)
    .slice(0, size);
}

/** 1 − mIoU between the two models' predictions of each image (images either lacks are left out). */
function disagreements(a: ProjectDb, aModel: number, b: ProjectDb, bModel: number, imageIds: readonly number[]): Map<number, number> {
  const readA = predictionLabelMapReader(a.db);
  const readB = predictionLabelMapReader(b.db);
  const classes = projectClassCount(a.db);
  const out = new Map<number, number>();
  for (const imageId of imageIds) {
    const pa = readA(imageId, aModel);
    const pb = readB(imageId, bModel);
    if (!pa || !pb) continue;
    const mapA = inflateLabelMapAt(pa, pa.width, pa.height, `prediction of image ${imageId}`);
    const mapB = inflateLabelMapAt(pb, pa.width, pa.height, `prediction of image ${imageId}`);
    out.set(imageId, discrepancy(confusionMatrix(mapA, mapB, classes), 'miou'));
  }
  return out;
}

/**
 * The MAD competition between MAD's final model and each other strategy's (the study's Table 2):
 * on the held-out pool images where the two disagree most, each is scored by the oracle. Every
 * strategy's project is a copy of the same demo, so image ids agree across them.
 */
export async function competeFinalModels(
  seedDir: string,
  finals: ReadonlyArray<{ strategy: SelectionStrategy; modelId: number }>,
  heldOut: readonly number[],
  size: number,
): Promise<CompetitionResult[]> {
  const mad = finals.find((f) => f.strategy === 'mad');
  if (!mad) return [];
  const madProject = openProjectDb(join(seedDir, 'mad'), { readOnly: true });
  try {
    const madSim = await OracleSimulation.open(madProject.db, madProject.dir);
    const results: CompetitionResult[] = [];
    for (const other of finals.filter((f) => f.strategy !== 'mad')) {
      const project = openProjectDb(join(seedDir, other.strategy), { readOnly: true });
      try {
        const sim = await OracleSimulation.open(project.db, project.dir);
        const chosen = mostDisputed(disagreements(madProject, mad.modelId, project, other.modelId, heldOut), size);
        const ids = chosen.map((c) => c.imageId);
        results.push({
          strategy: other.strategy,
          images: ids.length,
          disagreement: ids.length > 0 ? chosen.reduce((s, c) => s + c.d, 0) / ids.length : 0,
          mad: await madSim.setMiou(mad.modelId, ids),
          other: await sim.setMiou(other.modelId, ids),
        });
      } finally {
        project.close();
      }
    }
    return results;
  } finally {
    madProject.close();
  }
}
