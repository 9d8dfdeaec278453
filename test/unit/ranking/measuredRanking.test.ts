import { describe, expect, it } from 'vitest';
import { measuredRanking } from '../../../shared/ranking/measuredRanking.js';

describe('measuredRanking', () => {
  it('gives no ranking at all when no pair was measured, instead of the uniform 1/m in table order', () => {
    const P = [
      [null, null, null],
      [null, null, null],
      [null, null, null],
    ];
    expect(measuredRanking(P)).toBeNull();
  });

  it('leaves a model without any measured pair unranked and ranks the others among themselves', () => {
    // Models 0 and 2 were compared (2 is better); model 1 has no prediction anywhere.
    const P = [
      [null, null, 0.3],
      [null, null, null],
      [0.6, null, null],
    ];
    const ranking = measuredRanking(P)!;
    expect(ranking.order).toEqual([2, 0]);
    expect(ranking.unmeasured).toEqual([1]);
    expect([...ranking.scores.keys()].sort()).toEqual([0, 2]);
    expect(ranking.scores.get(2)! / ranking.scores.get(0)!).toBeCloseTo(2, 9);
  });

  it('ranks a worse model last even when it comes first in the table', () => {
    const P = [
      [null, 0.2, 0.25],
      [0.5, null, 0.45],
      [0.55, 0.5, null],
    ];
    expect(measuredRanking(P)!.order).toEqual([2, 1, 0]);
  });
});
