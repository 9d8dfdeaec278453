import { MiningParams } from '../../shared/mining/miningParams.js';
import { sendToRating } from '../../electron/core/mining/candidateSetStore.js';
import { runMining } from '../../electron/core/mining/runMining.js';
import { openProjectDb } from '../../electron/core/store/openProjectDb.js';
import { seedMiningProject } from './seedMiningProject.js';

/** A closed project whose MAD set has been sent to the rating queue. */
export async function seedRatingProject(dir: string, poolSize = 12, n3 = 3): Promise<{ setId: number; targetId: number; rivalId: number; size: number }> {
  const models = await seedMiningProject(dir, poolSize);
  const project = openProjectDb(dir);
  try {
    const outcome = await runMining(project.db, { targetId: models.targetId, competitorIds: [models.rivalId], params: MiningParams.parse({ n3 }) });
    sendToRating(project.db, outcome.setId);
    return { ...models, setId: outcome.setId, size: outcome.size };
  } finally {
    project.close();
  }
}
