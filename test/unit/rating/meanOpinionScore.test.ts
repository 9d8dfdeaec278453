import { describe, expect, it } from 'vitest';
import { scoreImages, type AcrScore, type Rating } from '../../../shared/rating/meanOpinionScore.js';
import { predictionRatedGood, selectCounterexamples } from '../../../shared/rating/selectCounterexamples.js';

const r = (imageId: number, raterId: number, score: AcrScore | null, outOfDomain = false): Rating => ({
  imageId,
  raterId,
  score,
  outOfDomain,
});

describe('scoreImages', () => {
  it('averages the raters scores and reports their spread', () => {
    const [o] = scoreImages([r(7, 1, 2), r(7, 2, 4), r(7, 3, 3)]);
    expect(o).toMatchObject({ imageId: 7, mos: 3, ratings: 3, outOfDomainVotes: 0, min: 2, max: 4 });
    expect(o?.std).toBeCloseTo(Math.sqrt(2 / 3), 12);
  });

  it('gives +infinity to an image with a single out-of-domain vote among good scores', () => {
    const [o] = scoreImages([r(1, 1, 1), r(1, 2, 1), r(1, 3, null, true)]);
    expect(o?.mos).toBe(Number.POSITIVE_INFINITY);
    expect(o?.outOfDomainVotes).toBe(1);
    expect(o?.ratings).toBe(2);
  });

  it('ignores skipped ratings and leaves an image nobody scored without a MOS', () => {
    const out = scoreImages([r(1, 1, null), r(2, 1, 5), r(2, 2, null)]);
    expect(out.map((o) => [o.imageId, o.mos, o.ratings])).toEqual([
      [1, null, 0],
      [2, 5, 1],
    ]);
    expect(out[1]?.std).toBe(0);
  });

  it('lets a rater re-rating an image replace the earlier rating', () => {
    const [o] = scoreImages([r(3, 1, 1), r(3, 2, 5), r(3, 1, 3)]);
    expect(o?.mos).toBe(4);
    expect(o?.ratings).toBe(2);
  });

  it('returns images in ascending id order', () => {
    expect(scoreImages([r(9, 1, 3), r(2, 1, 3), r(5, 1, 3)]).map((o) => o.imageId)).toEqual([2, 5, 9]);
  });
});

describe('selectCounterexamples', () => {
  it('picks the n4 lowest-MOS images, worst first', () => {
    const ratings = [r(1, 1, 5), r(2, 1, 1), r(3, 1, 3), r(4, 1, 2), r(5, 1, 4)];
    expect(selectCounterexamples(ratings, 3).map((o) => o.imageId)).toEqual([2, 4, 3]);
  });

  it('never selects out-of-domain or unscored images even when fewer than n4 remain', () => {
    const ratings = [r(1, 1, 1), r(1, 2, null, true), r(2, 1, null), r(3, 1, 2)];
    expect(selectCounterexamples(ratings, 10).map((o) => o.imageId)).toEqual([3]);
  });

  it('breaks MOS ties by more ratings first, then by smaller image id', () => {
    const ratings = [
      r(30, 1, 2),
      r(20, 1, 2),
      r(10, 1, 1),
      r(10, 2, 3),
      r(40, 1, 2),
      r(40, 2, 2),
      r(40, 3, 2),
    ];
    expect(selectCounterexamples(ratings).map((o) => o.imageId)).toEqual([40, 10, 20, 30]);
  });

  it('gives the same selection whatever the input order', () => {
    const ratings = Array.from({ length: 60 }, (_, i) => r(i % 20, Math.floor(i / 20), (((i * 7) % 5) + 1) as AcrScore));
    expect(selectCounterexamples([...ratings].reverse(), 5)).toEqual(selectCounterexamples(ratings, 5));
    const shuffled = [...ratings].sort((a, b) => ((a.imageId * 13 + a.raterId) % 17) - ((b.imageId * 13 + b.raterId) % 17));
    expect(selectCounterexamples(shuffled, 5)).toEqual(selectCounterexamples(ratings, 5));
  });

  it('defaults n4 to 100', () => {
    const ratings = Array.from({ length: 150 }, (_, i) => r(i, 1, 1));
    expect(selectCounterexamples(ratings)).toHaveLength(100);
  });

  it('rejects a negative or fractional n4', () => {
    expect(() => selectCounterexamples([], -1)).toThrow(RangeError);
    expect(() => selectCounterexamples([], 2.5)).toThrow(RangeError);
  });
});

describe('selectCounterexamples and images rated good', () => {
  it('leaves out images whose MOS says the prediction was good, even when n4 would reach them', () => {
    const ratings = [r(1, 1, 1), r(2, 1, 4), r(2, 2, 4), r(3, 1, 5), r(4, 1, 3), r(4, 2, 4)];
    expect(selectCounterexamples(ratings, 10).map((o) => o.imageId)).toEqual([1, 4]);
    expect(predictionRatedGood(4)).toBe(true);
    expect(predictionRatedGood(3.5)).toBe(false);
    expect(predictionRatedGood(Number.POSITIVE_INFINITY)).toBe(false);
  });

  it('keeps them when the user insists', () => {
    const ratings = [r(1, 1, 1), r(2, 1, 4), r(3, 1, 5)];
    expect(selectCounterexamples(ratings, 10, { includeRatedGood: true }).map((o) => o.imageId)).toEqual([1, 2, 3]);
  });
});
