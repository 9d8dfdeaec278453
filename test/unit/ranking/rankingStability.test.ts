import { describe, expect, it } from 'vitest';
import { expandKRange, rankingStability, stabilityOver } from '../../../shared/ranking/rankingStability.js';

// Means over the first k images: k=1 (.9,.5,.2), k=2 (.5,.5,.2), k=3 (.367,.5,.2), k=4 (.3,.5,.375).
const scores = [
  [0.9, 0.1, 0.1, 0.1],
  [0.5, 0.5, 0.5, 0.5],
  [0.2, 0.2, 0.2, 0.9],
];

describe('rankingStability', () => {
  it('compares the ranking from the first k images with the largest-k ranking', () => {
    // Reference ranks (1,3,2). k=1 ranks (3,2,1): rho = 1 − 6·6/24 = −0.5; k=2 (2.5,2.5,1): 0; k=3 (2,3,1): 0.5.
    const points = rankingStability(scores, { from: 1, to: 4 });
    expect(points.map((p) => p.k)).toEqual([1, 2, 3, 4]);
    [-0.5, 0, 0.5, 1].forEach((rho, i) => expect(points[i]?.srcc).toBeCloseTo(rho, 12));
    expect(points[3]?.scores[2]).toBeCloseTo(0.375, 12);
  });

  it('accepts explicit k values in any order and reports them ascending', () => {
    expect(rankingStability(scores, [4, 2, 2]).map((p) => p.k)).toEqual([2, 4]);
  });

  it('rejects a k larger than the number of scored images', () => {
    expect(() => rankingStability(scores, { from: 2, to: 5 })).toThrow(RangeError);
  });
});

describe('stabilityOver', () => {
  it('calls the scorer for each k and uses the largest k as reference', () => {
    const seen: number[] = [];
    const points = stabilityOver((k) => {
      seen.push(k);
      return k < 25 ? [3, 2, 1] : [1, 2, 3];
    }, { from: 20, to: 30, step: 5 });
    expect(seen).toEqual([30, 20, 25]);
    expect(points.map((p) => p.srcc)).toEqual([-1, 1, 1]);
  });
});

describe('expandKRange', () => {
  it('expands an inclusive range and rejects non-positive or fractional k', () => {
    expect(expandKRange({ from: 20, to: 26, step: 3 })).toEqual([20, 23, 26]);
    expect(() => expandKRange([0])).toThrow(RangeError);
    expect(() => expandKRange([1.5])).toThrow(RangeError);
  });
});
