import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MiningParams } from '../../../shared/mining/miningParams.js';
import { runMining } from '../../../electron/core/mining/runMining.js';
import { createProjectDb, openProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { confirmCounterexamples } from '../../../electron/core/rating/counterexamples.js';
import { listRatingSets } from '../../../electron/core/rating/ratingSets.js';
import { rate, ratingQueue } from '../../../electron/core/rating/ratingStore.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { seedRatingProject } from '../../helpers/seedRatingProject.js';

let temp: ReturnType<typeof makeTempDir>;
let project: ProjectDb;
let seeded: Awaited<ReturnType<typeof seedRatingProject>>;

/** A slice check of three of the round's candidates, stored as fresh retrieval stores one. */
function addSliceSet(db: ProjectDb['db'], imageIds: number[], slice: { runId: number; sliceIndex: number } | null): number {
  const roundId = db.prepare('SELECT id FROM rounds').pluck().get() as number;
  const params = { targetId: seeded.targetId, competitorIds: [], ...(slice ? { sliceRunId: slice.runId, sliceIndex: slice.sliceIndex } : {}) };
  const setId = Number(
    db.prepare("INSERT INTO candidate_sets (round_id, strategy, params, created_at) VALUES (?, 'slice', ?, ?)").run(roundId, JSON.stringify(params), new Date().toISOString()).lastInsertRowid,
  );
  imageIds.forEach((imageId, k) => db.prepare('INSERT INTO candidates (set_id, image_id, rank, reasons) VALUES (?, ?, ?, ?)').run(setId, imageId, k + 1, JSON.stringify({ imageIds: [imageId], reasons: [] })));
  return setId;
}

beforeEach(async () => {
  temp = makeTempDir();
  const dir = join(temp.dir, 'p');
  seeded = await seedRatingProject(dir);
  project = openProjectDb(dir);
});
afterEach(() => {
  project.close();
  temp.cleanup();
});

describe('sets open for rating', () => {
  it('is empty before any set was sent to rating', () => {
    const empty = createProjectDb(join(temp.dir, 'empty'), 'Empty');
    try {
      expect(listRatingSets(empty.db, 'Ada')).toEqual([]);
    } finally {
      empty.close();
    }
  });

  it('puts the round’s rating set first and slice checks newest first, counting what this rater and anyone rated', () => {
    const { db } = project;
    const images = ratingQueue(db, seeded.setId, null).map((q) => q.imageId);
    const older = addSliceSet(db, images.slice(0, 3), { runId: 2, sliceIndex: 0 });
    const newer = addSliceSet(db, images.slice(1, 3), null);
    rate(db, { setId: older, imageId: images[0]!, rater: 'Ada', score: 2, outOfDomain: false, timeMs: 100 });
    rate(db, { setId: older, imageId: images[0]!, rater: 'Bo', score: 3, outOfDomain: false, timeMs: 100 });
    rate(db, { setId: older, imageId: images[1]!, rater: 'Bo', score: 3, outOfDomain: false, timeMs: 100 });
    rate(db, { setId: seeded.setId, imageId: images[2]!, rater: 'Ada', score: 1, outOfDomain: false, timeMs: 100 });
    const sets = listRatingSets(db, 'Ada');
    expect(sets.map((s) => ({ id: s.setId, kind: s.kind, label: s.label, size: s.size, mine: s.ratedByRater, any: s.ratedByAny }))).toEqual([
      { id: seeded.setId, kind: 'round', label: 'Round 1 — MAD candidates', size: seeded.size, mine: 1, any: 1 },
      { id: newer, kind: 'slice', label: `Slice check: set ${newer}`, size: 2, mine: 0, any: 0 },
      { id: older, kind: 'slice', label: 'Slice check: run 2, slice 1', size: 3, mine: 1, any: 2 },
    ]);
    expect(sets[0]).toMatchObject({ roundIdx: 1, strategy: 'mad', slice: null });
  });

  it('confirms S only on the round’s own rating set', async () => {
    const { db } = project;
    const images = ratingQueue(db, seeded.setId, null).map((q) => q.imageId);
    const slice = addSliceSet(db, images.slice(0, 3), { runId: 1, sliceIndex: 0 });
    const again = await runMining(db, { targetId: seeded.targetId, competitorIds: [seeded.rivalId], params: MiningParams.parse({ n3: 2 }) });
    for (const setId of [slice, again.setId, seeded.setId]) rate(db, { setId, imageId: images[0]!, rater: 'Ada', score: 1, outOfDomain: false, timeMs: 100 });
    expect(() => confirmCounterexamples(db, slice, 5)).toThrow(`Candidate set ${slice} is a slice check: its ratings test the slice (see the Slices view), and S comes from round 1's own rating set, set ${seeded.setId}.`);
    expect(() => confirmCounterexamples(db, again.setId, 5)).toThrow(`Candidate set ${again.setId} is not round 1's rating set (that is set ${seeded.setId})`);
    expect(db.prepare("SELECT count(*) FROM test_sets WHERE kind = 'counterexamples'").pluck().get()).toBe(0);
    expect(confirmCounterexamples(db, seeded.setId, 5)).toMatchObject({ name: 'S1', images: 1 });
  });
});
