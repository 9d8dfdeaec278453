import { describe, expect, it } from 'vitest';
import { krippendorffAlpha, ratingAgreement } from '../../../shared/rating/krippendorffAlpha.js';
import type { AcrScore, Rating } from '../../../shared/rating/meanOpinionScore.js';

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers,
// 12 units, values 1..5, missing data. Published: nominal 0.743, ordinal 0.815, interval 0.849.
const observers: Array<Array<number | null>> = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
];
const textbookUnits = Array.from({ length: 12 }, (_, u) =>
  observers.map((row) => row[u]).filter((v): v is number => v !== null && v !== undefined),
);

describe('krippendorffAlpha', () => {
  it('reproduces the published textbook values for the three metrics', () => {
    expect(krippendorffAlpha(textbookUnits, 'nominal').alpha).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(textbookUnits, 'ordinal').alpha).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(textbookUnits, 'interval').alpha).toBeCloseTo(0.849, 3);
  });

  it('drops the unit with a single value and counts the pairable values', () => {
    const res = krippendorffAlpha(textbookUnits);
    expect(res.pairableUnits).toBe(11);
    expect(res.pairableValues).toBe(40);
  });

  it('matches a hand computation: units (1,1) (2,2) (1,2) give 4/9 under every metric', () => {
    // o11 = 2, o22 = 2, o12 = o21 = 1; n1 = n2 = 3, n = 6. Nominal: Do = 2/6, De = 18/30.
    const units = [
      [1, 1],
      [2, 2],
      [1, 2],
    ];
    for (const level of ['nominal', 'ordinal', 'interval'] as const) {
      expect(krippendorffAlpha(units, level).alpha).toBeCloseTo(4 / 9, 12);
    }
  });

  it('gives 1 for perfect agreement with variation and null when all values are equal', () => {
    expect(krippendorffAlpha([[1, 1, 1], [5, 5], [3, 3]]).alpha).toBe(1);
    expect(krippendorffAlpha([[4, 4], [4, 4, 4]]).alpha).toBeNull();
    expect(krippendorffAlpha([[4], [2]]).alpha).toBeNull();
  });

  it('is negative when raters systematically disagree', () => {
    expect(krippendorffAlpha([[1, 5], [5, 1], [1, 5]]).alpha).toBeLessThan(0);
  });
});

describe('ratingAgreement', () => {
  it('computes ordinal alpha over images with raters as observers, out-of-domain votes as missing', () => {
    const ratings: Rating[] = [];
    observers.forEach((row, raterId) =>
      row.forEach((score, imageId) => {
        if (score !== null) ratings.push({ imageId, raterId, score: score as AcrScore, outOfDomain: false });
      }),
    );
    ratings.push({ imageId: 99, raterId: 0, score: null, outOfDomain: true });
    ratings.push({ imageId: 99, raterId: 1, score: 1, outOfDomain: false });
    ratings.push({ imageId: 99, raterId: 2, score: null, outOfDomain: true });
    expect(ratingAgreement(ratings).alpha).toBeCloseTo(0.815, 3);
  });
});
