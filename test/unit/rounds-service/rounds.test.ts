import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { confirmCounterexamples } from '../../../electron/core/rating/counterexamples.js';
import { rate, ratingQueue } from '../../../electron/core/rating/ratingStore.js';
import { setRoundState } from '../../../electron/core/rounds/roundState.js';
import { buildUnbiasedTestSet } from '../../../electron/core/rounds/unbiasedTestSet.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { seedRatingProject } from '../../helpers/seedRatingProject.js';

let temp: ReturnType<typeof makeTempDir>;
let project: ProjectDb;
let setId: number;

beforeEach(async () => {
  temp = makeTempDir();
  const dir = join(temp.dir, 'p');
  ({ setId } = await seedRatingProject(dir, 16));
  project = openProjectDb(dir);
});
afterEach(() => {
  project.close();
  temp.cleanup();
});

describe('unbiased test set', () => {
  it('keeps rank order, caps each main foreground class, drops out-of-domain and fine-tuning images', () => {
    const { db } = project;
    const queue = ratingQueue(db, setId, null);
    const [first, second, third] = queue.map((q) => q.imageId);
    rate(db, { setId, imageId: first!, rater: 'Ada', score: null, outOfDomain: true, timeMs: 10 });
    rate(db, { setId, imageId: second!, rater: 'Ada', score: 1, outOfDomain: false, timeMs: 10 });
    confirmCounterexamples(db, setId, 1);

    const result = buildUnbiasedTestSet(db, { setId, size: 30, maxPerClass: 4, backgroundClassId: 0 });
    // Every image's target prediction has road as its largest foreground class: one class, capped at 4.
    expect(result.images).toBe(4);
    expect(result.name).toBe('T1');
    expect(result.excluded).toMatchObject({ 'out-of-domain': 1, 'fine-tuning': 1 });
    const members = db.prepare('SELECT image_id FROM test_set_images WHERE test_set_id = ? ORDER BY image_id').pluck().all(result.testSetId);
    expect(members).not.toContain(first);
    expect(members).not.toContain(second);
    expect(members).toContain(third);
  });

  it('never lets a test image become a counterexample later', () => {
    const { db } = project;
    const result = buildUnbiasedTestSet(db, { setId, size: 2, maxPerClass: 4, backgroundClassId: 0 });
    const testImages = db.prepare('SELECT image_id FROM test_set_images WHERE test_set_id = ?').pluck().all(result.testSetId) as number[];
    for (const imageId of testImages) rate(db, { setId, imageId, rater: 'Ada', score: 1, outOfDomain: false, timeMs: 10 });
    expect(() => confirmCounterexamples(db, setId, 10)).toThrow(/No image has an in-domain rating/);
  });

  it('refuses a baseline set as the source', () => {
    const { db } = project;
    db.prepare("UPDATE candidate_sets SET strategy = 'random' WHERE id = ?").run(setId);
    expect(() => buildUnbiasedTestSet(db, { setId, size: 5, maxPerClass: 4, backgroundClassId: 0 })).toThrow(/MAD set/);
  });
});

describe('round lifecycle', () => {
  it('moves one stage at a time forward and allows going back', () => {
    const { db } = project;
    const roundId = db.prepare('SELECT id FROM rounds').pluck().get() as number;
    expect(db.prepare('SELECT state FROM rounds').pluck().get()).toBe('rating');
    expect(() => setRoundState(db, roundId, 'evaluation')).toThrow(/finish that stage/);
    expect(setRoundState(db, roundId, 'labelling')).toBe('labelling');
    expect(setRoundState(db, roundId, 'mining')).toBe('mining');
  });
});
