import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openProjectDb, type ProjectDb } from '../../../electron/core/store/openProjectDb.js';
import { confirmCounterexamples, ratingSummary } from '../../../electron/core/rating/counterexamples.js';
import { rate, raterProgress, ratingQueue, ratingSetId } from '../../../electron/core/rating/ratingStore.js';
import { deleteLastRating } from '../../../electron/core/store/ratings.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { seedRatingProject } from '../../helpers/seedRatingProject.js';

let temp: ReturnType<typeof makeTempDir>;
let project: ProjectDb;
let setId: number;

beforeEach(async () => {
  temp = makeTempDir();
  const dir = join(temp.dir, 'p');
  ({ setId } = await seedRatingProject(dir));
  project = openProjectDb(dir);
});
afterEach(() => {
  project.close();
  temp.cleanup();
});

describe('rating queue', () => {
  it('finds the set sent to rating and lists it in rank order with the rater’s own ratings', () => {
    const { db } = project;
    expect(ratingSetId(db)).toBe(setId);
    const queue = ratingQueue(db, setId, 'Ada');
    expect(queue.length).toBeGreaterThan(3);
    expect(queue.map((q) => q.rank)).toEqual(queue.map((_, i) => i + 1));
    expect(queue[0]!.why?.strategy).toBe('mad');
    rate(db, { setId, imageId: queue[0]!.imageId, rater: 'Ada', score: 2, outOfDomain: false, timeMs: 1500 });
    const again = ratingQueue(db, setId, 'Ada');
    expect(again[0]).toMatchObject({ myScore: 2, myOutOfDomain: false });
    expect(ratingQueue(db, setId, 'Bo')[0]).toMatchObject({ myScore: null });
  });

  it('replaces a re-rating, adds up time, and undoes the last rating only', () => {
    const { db } = project;
    const [a, b] = ratingQueue(db, setId, null);
    rate(db, { setId, imageId: a!.imageId, rater: 'Ada', score: 4, outOfDomain: false, timeMs: 1000 });
    rate(db, { setId, imageId: a!.imageId, rater: 'Ada', score: 3, outOfDomain: false, timeMs: 500 });
    rate(db, { setId, imageId: b!.imageId, rater: 'Ada', score: null, outOfDomain: true, timeMs: 700 });
    expect(raterProgress(db, setId).raters).toEqual([{ name: 'Ada', rated: 2, timeMs: 2200 }]);
    expect(deleteLastRating(db, setId, 'Ada')).toBe(b!.imageId);
    expect(raterProgress(db, setId).raters).toEqual([{ name: 'Ada', rated: 1, timeMs: 1500 }]);
    expect(deleteLastRating(db, setId, 'Nobody')).toBeNull();
  });

  it('refuses a rating that is neither a score nor out of domain, or for an image outside the set', () => {
    const { db } = project;
    const [a] = ratingQueue(db, setId, null);
    expect(() => rate(db, { setId, imageId: a!.imageId, rater: 'Ada', score: 3, outOfDomain: true, timeMs: 0 })).toThrow(/either/);
    expect(() => rate(db, { setId, imageId: 99999, rater: 'Ada', score: 3, outOfDomain: false, timeMs: 0 })).toThrow(/not in candidate set/);
  });

  it('selects S by MOS with any out-of-domain vote removing an image, and confirms it for labelling', () => {
    const { db } = project;
    const queue = ratingQueue(db, setId, null);
    const [a, b, c, d] = queue.map((q) => q.imageId);
    const r = (imageId: number | undefined, rater: string, score: 1 | 2 | 3 | 4 | 5 | null) =>
      rate(db, { setId, imageId: imageId!, rater, score, outOfDomain: score === null, timeMs: 100 });
    r(a, 'Ada', 1); r(a, 'Bo', 2); // MOS 1.5
    r(b, 'Ada', 1); r(b, 'Bo', null); // out of domain
    r(c, 'Ada', 3); r(c, 'Bo', 3); // MOS 3
    r(d, 'Ada', 5); // MOS 5
    db.prepare('UPDATE images SET source_path = ? WHERE id = ?').run('dusk/cam 2/0001.jpg', a);
    const summary = ratingSummary(db, setId, 2);
    expect(summary.items.filter((i) => i.selected).map((i) => i.imageId)).toEqual([a, c]);
    expect(summary.items.find((i) => i.imageId === b)).toMatchObject({ outOfDomain: true, selected: false, mos: null });
    expect(summary.items.find((i) => i.imageId === a)).toMatchObject({ mos: 1.5, std: 0.5, min: 1, max: 2, sourcePath: 'dusk/cam 2/0001.jpg' });
    expect(summary.items.find((i) => i.imageId === c)!.sourcePath).toBeNull();
    expect(ratingQueue(db, setId, null)[0]).toMatchObject({ imageId: a, sourcePath: 'dusk/cam 2/0001.jpg' });
    expect(summary.agreement).not.toBeNull();
    // a, b and c were rated by both raters, but b's out-of-domain vote leaves two images with two scores.
    expect(summary.agreementImages).toBe(2);
    expect(summary.coverage).toEqual({ rated: 4, candidates: queue.length, missing: Math.max(0, Math.ceil(queue.length / 2) - 4) });

    // d (MOS 5) says the prediction was good: not in S even with room, unless the user insists.
    expect(ratingSummary(db, setId, 10).items.filter((i) => i.selected).map((i) => i.imageId)).toEqual([a, c]);
    expect(ratingSummary(db, setId, 10).items.find((i) => i.imageId === d)).toMatchObject({ ratedGood: true, selected: false });
    expect(ratingSummary(db, setId, 10, true).items.filter((i) => i.selected).map((i) => i.imageId)).toEqual([a, c, d]);
    expect(confirmCounterexamples(db, setId, 10).images).toBe(2);
    expect(confirmCounterexamples(db, setId, 10, true).images).toBe(3);

    const confirmed = confirmCounterexamples(db, setId, 2);
    expect(confirmed).toMatchObject({ name: 'S1', images: 2 });
    expect(db.prepare('SELECT state FROM rounds').pluck().get()).toBe('labelling');
    expect(confirmCounterexamples(db, setId, 1).images).toBe(1);
    expect(db.prepare("SELECT count(*) FROM test_sets WHERE kind = 'counterexamples'").pluck().get()).toBe(1);
  });
});
