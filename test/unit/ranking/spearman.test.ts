import { describe, expect, it } from 'vitest';
import { averageRanks, spearmanCorrelation } from '../../../shared/ranking/spearman.js';

describe('averageRanks', () => {
  it('gives tied values the mean of the ranks they span', () => {
    expect(averageRanks([10, 20, 20, 30, 20])).toEqual([1, 3, 3, 5, 3]);
  });
});

describe('spearmanCorrelation', () => {
  it('is 1 for identical rankings and -1 for reversed ones', () => {
    expect(spearmanCorrelation([1, 2, 3, 4, 5], [10, 20, 30, 40, 50])).toBeCloseTo(1, 12);
    expect(spearmanCorrelation([1, 2, 3, 4, 5], [5, 4, 3, 2, 1])).toBeCloseTo(-1, 12);
  });

  it('reproduces the textbook IQ versus TV-hours example, rho = -29/165', () => {
    const iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110];
    const tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17];
    expect(spearmanCorrelation(iq, tv)).toBeCloseTo(-29 / 165, 12);
  });

  it('uses average ranks for ties: (1,2,2,3) vs (1,2,3,4) gives sqrt(0.9)', () => {
    // ranks (1, 2.5, 2.5, 4) vs (1, 2, 3, 4): Sxy = 4.5, Sxx = 4.5, Syy = 5.
    expect(spearmanCorrelation([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(Math.sqrt(0.9), 12);
  });

  it('is NaN when one side is constant or too short, and throws on different lengths', () => {
    expect(spearmanCorrelation([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(spearmanCorrelation([1], [1])).toBeNaN();
    expect(() => spearmanCorrelation([1, 2], [1])).toThrow(RangeError);
  });
});
