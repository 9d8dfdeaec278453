import { describe, expect, it } from 'vitest';
import { selectBaseline, type BaselinePoolStats } from '../../../shared/mining/baselines.js';
import type { BaselineReason } from '../../../shared/mining/candidateSet.js';
import { mulberry32 } from '../../../shared/mining/prng.js';

function randomPool(n: number, seed: number): BaselinePoolStats {
  const next = mulberry32(seed);
  return {
    imageIds: Array.from({ length: n }, (_, i) => i + 1),
    contentHashes: Array.from({ length: n }, (_, i) => `h${i % Math.floor(n * 0.8)}`),
    meanEntropy: Array.from({ length: n }, () => next()),
    meanMargin: Array.from({ length: n }, () => next()),
  };
}

const reasons = (r: unknown[]): BaselineReason[] => r as BaselineReason[];

describe('selectBaseline', () => {
  it('picks the highest target mean entropy first, equal scores by smaller image id', () => {
    const set = selectBaseline(
      { imageIds: [4, 2, 3, 1], contentHashes: ['a', 'b', 'c', 'd'], meanEntropy: [0.2, 0.9, 0.5, 0.9] },
      { strategy: 'entropy', budget: 3 },
    );
    expect(set.strategy).toBe('entropy');
    expect(set.candidates.map((c) => c.imageId)).toEqual([1, 2, 3]);
    expect(set.candidates[0]!.reasons).toEqual([{ strategy: 'entropy', rank: 1, score: 0.9, imageId: 1 }]);
  });

  it('picks the lowest target mean margin first', () => {
    const set = selectBaseline(
      { imageIds: [1, 2, 3], contentHashes: ['a', 'b', 'c'], meanMargin: [0.4, 0.1, 0.3] },
      { strategy: 'margin', budget: 2 },
    );
    expect(set.candidates.map((c) => c.imageId)).toEqual([2, 3]);
  });

  it('spends the budget on distinct contents and merges duplicates met on the way', () => {
    const set = selectBaseline(
      { imageIds: [1, 2, 3, 4], contentHashes: ['x', 'x', 'y', 'z'], meanEntropy: [0.9, 0.8, 0.7, 0.6] },
      { strategy: 'entropy', budget: 2 },
    );
    expect(set.candidates.map((c) => [c.contentHash, c.imageIds])).toEqual([
      ['x', [1, 2]],
      ['y', [3]],
    ]);
    expect(reasons(set.candidates[0]!.reasons).map((r) => r.rank)).toEqual([1, 2]);
  });

  it('returns exactly the budget of distinct hashes when the pool allows, fewer when it does not', () => {
    const p = randomPool(2000, 1);
    for (const strategy of ['random', 'entropy', 'margin'] as const) {
      const set = selectBaseline(p, { strategy, budget: 150, seed: 3 });
      expect(set.candidates).toHaveLength(150);
      expect(new Set(set.candidates.map((c) => c.contentHash)).size).toBe(150);
      expect(set.candidates.map((c) => c.rank)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
    }
    expect(selectBaseline(p, { strategy: 'entropy', budget: 5000 }).candidates).toHaveLength(1600);
  });

  it('skips images whose score is unknown (NaN)', () => {
    const set = selectBaseline(
      { imageIds: [1, 2], contentHashes: ['a', 'b'], meanEntropy: [NaN, 0.1] },
      { strategy: 'entropy', budget: 2 },
    );
    expect(set.candidates.map((c) => c.imageId)).toEqual([2]);
  });

  it('is deterministic for a seed, changes with the seed, and ignores the order the pool is listed in', () => {
    const p = randomPool(1000, 2);
    const a = selectBaseline(p, { strategy: 'random', budget: 50, seed: 42 });
    expect(selectBaseline(p, { strategy: 'random', budget: 50, seed: 42 })).toEqual(a);
    const other = selectBaseline(p, { strategy: 'random', budget: 50, seed: 43 });
    expect(other.candidates.map((c) => c.imageId)).not.toEqual(a.candidates.map((c) => c.imageId));
    const reversed: BaselinePoolStats = {
      imageIds: Array.from(p.imageIds).reverse(),
      contentHashes: Array.from(p.contentHashes).reverse(),
    };
    expect(selectBaseline(reversed, { strategy: 'random', budget: 50, seed: 42 })).toEqual(a);
  });

  it('refuses a missing score array and a non-positive budget', () => {
    const p = { imageIds: [1], contentHashes: ['a'] };
    expect(() => selectBaseline(p, { strategy: 'margin', budget: 1 })).toThrow(/mean margin/);
    expect(() => selectBaseline(p, { strategy: 'random', budget: 0 })).toThrow(/budget/);
  });
});
