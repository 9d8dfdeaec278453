import { describe, expect, it } from 'vitest';
import { MIN_AGREEMENT_IMAGES, agreementTrustworthy, ratingCoverage } from '../../../shared/rating/ratingSafeguards.js';

describe('ratingCoverage', () => {
  it('says how many more candidates to rate before half of the set is rated', () => {
    expect(ratingCoverage(43, 321)).toEqual({ rated: 43, candidates: 321, missing: 118 });
    expect(ratingCoverage(161, 321).missing).toBe(0);
    expect(ratingCoverage(0, 0).missing).toBe(0);
  });
});

describe('agreementTrustworthy', () => {
  it('distrusts alpha on fewer overlapping images than the minimum', () => {
    expect(agreementTrustworthy(4)).toBe(false);
    expect(agreementTrustworthy(MIN_AGREEMENT_IMAGES)).toBe(true);
  });
});
