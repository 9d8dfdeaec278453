import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiningParams } from '../../../shared/mining/miningParams.js';
import { SliceParams } from '../../../shared/slices/sliceParams.js';
import { ensureMiningRound } from '../../../electron/core/mining/candidateSetStore.js';
import { saveCandidateSet } from '../../../electron/core/store/candidateSets.js';
import { createProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { rate } from '../../../electron/core/rating/ratingStore.js';
import { loadPopulation } from '../../../electron/core/slices/slicePopulation.js';
import { seedClasses, seedImage, seedModel, seedPrediction } from '../../helpers/seedPredictions.js';
import { makeTempDir } from '../../helpers/tempDir.js';

/**
 * Ten 4×4 pool images: the competitor agrees with the target on images 1–5 (d = 0) and disagrees
 * everywhere on 6–10 (d = 1). Raters scored the target's prediction on three of them.
 */
describe('pool failures: discrepancy, replaced by the raters’ verdict where there is one', () => {
  const temp = makeTempDir();
  let project: ProjectDb;
  let targetId: number;
  const ids: number[] = [];

  beforeAll(() => {
    project = createProjectDb(temp.dir, 'weak labels');
    const { db } = project;
    seedClasses(db, ['road', 'car']);
    targetId = seedModel(db, 'target', true);
    const rival = seedModel(db, 'rival');
    for (let i = 1; i <= 10; i++) {
      const id = seedImage(db, { hash: `img-${i}`, split: 'pool', width: 4, height: 4 });
      ids.push(id);
      seedPrediction(db, id, targetId, new Uint8Array(16), 2);
      seedPrediction(db, id, rival, new Uint8Array(16).fill(i > 5 ? 1 : 0), 2);
    }
    const round = ensureMiningRound(db, targetId);
    const rated = [ids[0]!, ids[5]!, ids[6]!];
    const setId = saveCandidateSet(
      db,
      round,
      { strategy: 'mad', candidates: rated.map((imageId, k) => ({ rank: k + 1, contentHash: `img-${imageId}`, imageId, imageIds: [imageId], reasons: [] })) },
      { params: MiningParams.parse({}), targetId, competitorIds: [rival] },
    );
    const vote = (imageId: number, score: 1 | 5 | null) => rate(db, { setId, imageId, rater: 'Ada', score, outOfDomain: score === null, timeMs: 500 });
    vote(ids[0]!, 1);
    vote(ids[5]!, 5);
    vote(ids[6]!, null);
  });
  afterAll(() => {
    project?.close();
    temp.cleanup();
  });

  it('fails a rated image by its MOS, an unrated one by d, and leaves out-of-domain images out', async () => {
    const params = SliceParams.parse({ population: 'pool', discrepancyAbove: 0.5, freshReserve: 0 });
    const population = await loadPopulation(project.db, targetId, params);
    const failed = population.imageIds.filter((_, i) => population.failed[i] === 1);
    // Image 1 (d = 0) was rated bad; image 6 (d = 1) was rated excellent; image 7 is out of domain.
    expect(population.imageIds).toEqual(ids.filter((_, i) => i !== 6));
    expect(failed).toEqual([ids[0], ids[7], ids[8], ids[9]]);
    expect(population.rule).toContain('the 2 images raters scored fail when their mean opinion score of the target\'s prediction is below 2.5');
    expect(population.rule).toContain('1 image rated out of domain is left out');
  });

  it('keeps the fresh reserve out of the population', async () => {
    const params = SliceParams.parse({ population: 'pool', discrepancyAbove: 0.5, freshReserve: 0.5, seed: 3 });
    const population = await loadPopulation(project.db, targetId, params);
    expect(population.imageIds.length).toBeLessThan(9);
    expect(population.rule).toMatch(new RegExp(`; ${9 - population.imageIds.length} pool images are kept aside for fresh checks$`));
  });
});
