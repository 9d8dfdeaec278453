import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiningParams } from '../../../shared/mining/miningParams.js';
import { SliceParams } from '../../../shared/slices/sliceParams.js';
import { ensureMiningRound, sendToRating } from '../../../electron/core/mining/candidateSetStore.js';
import { saveCandidateSet } from '../../../electron/core/store/candidateSets.js';
import { confirmCounterexamples } from '../../../electron/core/rating/counterexamples.js';
import { listRatingSets } from '../../../electron/core/rating/ratingSets.js';
import { rate, raterProgress, ratingQueue, ratingSetId } from '../../../electron/core/rating/ratingStore.js';
import { fetchFreshByRetrieval } from '../../../electron/core/slices/freshRetrieval.js';
import { runSlices } from '../../../electron/core/slices/runSlices.js';
import { readSliceReport } from '../../../electron/core/slices/sliceReport.js';
import { seedSliceWorld, type SliceWorld } from '../../helpers/seedSliceWorld.js';
import { makeTempDir } from '../../helpers/tempDir.js';

/**
 * A small demo world whose round 1 is rating a MAD set of four pool images when a slice is checked
 * on fresh pool images: the slice check must become a set of its own, rated by set id, and leave
 * the round's rating set, its state and where S comes from as they were.
 */
describe('fresh pool images for a slice, beside the round being rated', () => {
  const temp = makeTempDir();
  let world: SliceWorld;
  let runId: number;
  let roundId: number;
  let madSetId: number;
  let fresh: Awaited<ReturnType<typeof fetchFreshByRetrieval>>;

  const roundRow = () => {
    const row = world.project.db.prepare('SELECT state, params FROM rounds WHERE id = ?').get(roundId) as { state: string; params: string };
    return { state: row.state, ratingSetId: (JSON.parse(row.params) as { ratingSetId?: number }).ratingSetId };
  };

  beforeAll(async () => {
    world = await seedSliceWorld(`${temp.dir}/p`, { train: 16, plain: 50, night: 40, poolPlain: 16, poolNight: 16 });
    const { db } = world.project;
    runId = (await runSlices(world.project, { params: SliceParams.parse({ population: 'labelled', miouBelow: 0.3, seed: 1 }) })).runId;
    roundId = ensureMiningRound(db, world.targetId);
    const candidates = world.pool.slice(0, 4).map((image, k) => ({
      rank: k + 1,
      contentHash: `mad-${image.id}`,
      imageId: image.id,
      imageIds: [image.id],
      reasons: [{ strategy: 'mad' as const, targetModelId: world.targetId, competitorModelId: world.targetId, defenderModelId: world.targetId, classId: 1, rank: k + 1, d: 1 - k / 10, imageId: image.id }],
    }));
    madSetId = saveCandidateSet(db, roundId, { strategy: 'mad', candidates }, { params: MiningParams.parse({}), targetId: world.targetId, competitorIds: [world.targetId] });
    sendToRating(db, madSetId);
    fresh = await fetchFreshByRetrieval(world.project, { runId, sliceIndex: 0, count: 6, seed: 1 });
  }, 60_000);
  afterAll(() => {
    world?.project.close();
    temp.cleanup();
  });

  it('stores the fresh images as a slice set of the current round and leaves its rating set and state alone', () => {
    const { db } = world.project;
    expect(fresh.roundId).toBe(roundId);
    expect(fresh.setId).not.toBe(madSetId);
    expect(db.prepare('SELECT round_id, strategy FROM candidate_sets WHERE id = ?').get(fresh.setId)).toEqual({ round_id: roundId, strategy: 'slice' });
    expect(roundRow()).toEqual({ state: 'rating', ratingSetId: madSetId });
    expect(ratingSetId(db)).toBe(madSetId);
  });

  it('lets raters rate the slice set by its id, apart from the round’s set', () => {
    const { db } = world.project;
    const queue = ratingQueue(db, ratingSetId(db, fresh.setId), 'Ada');
    expect(queue).toHaveLength(fresh.inside + fresh.outside);
    rate(db, { setId: fresh.setId, imageId: queue[0]!.imageId, rater: 'Ada', score: 2, outOfDomain: false, timeMs: 400 });
    rate(db, { setId: fresh.setId, imageId: queue[1]!.imageId, rater: 'Bo', score: 4, outOfDomain: false, timeMs: 400 });
    expect(raterProgress(db, fresh.setId).raters.map((r) => [r.name, r.rated])).toEqual([['Ada', 1], ['Bo', 1]]);
    expect(raterProgress(db, madSetId).raters).toEqual([]);
    const check = readSliceReport(db, { runId })!.slices[0]!.fresh.find((f) => f.setId === fresh.setId)!;
    expect(check.rated).toBe(2);
  });

  it('lists the round’s set first, then the slice check, with sizes and rated counts', () => {
    const sets = listRatingSets(world.project.db, 'Ada');
    expect(sets.map((s) => [s.setId, s.kind, s.label, s.size, s.ratedByRater, s.ratedByAny])).toEqual([
      [madSetId, 'round', 'Round 1 — MAD candidates', 4, 0, 0],
      [fresh.setId, 'slice', `Slice check: run ${runId}, slice 1`, fresh.inside + fresh.outside, 1, 2],
    ]);
    expect(sets[1]!.slice).toEqual({ runId, sliceIndex: 0 });
    expect(listRatingSets(world.project.db, null)[1]!.ratedByRater).toBeNull();
    expect(listRatingSets(world.project.db, 'Nobody')[1]!.ratedByRater).toBe(0);
  });

  it('refuses to confirm S on the slice set or to make it the round’s rating set, and confirms S on the MAD set', () => {
    const { db } = world.project;
    expect(() => confirmCounterexamples(db, fresh.setId, 5)).toThrow(new RegExp(`slice check.*round 1's own rating set, set ${madSetId}`));
    expect(() => sendToRating(db, fresh.setId)).toThrow(/slice check/);
    expect(roundRow()).toEqual({ state: 'rating', ratingSetId: madSetId });
    rate(db, { setId: madSetId, imageId: world.pool[0]!.id, rater: 'Ada', score: 1, outOfDomain: false, timeMs: 400 });
    expect(confirmCounterexamples(db, madSetId, 5)).toMatchObject({ name: 'S1', images: 1 });
    expect(roundRow().state).toBe('labelling');
  });
});
