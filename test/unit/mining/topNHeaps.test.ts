import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../shared/mining/prng.js';
import { TopNHeaps } from '../../../shared/mining/topNHeaps.js';

describe('TopNHeaps', () => {
  it('keeps, per group, the same best items as a full sort (score high first, tie key low first)', () => {
    const next = mulberry32(7);
    const groups = 4;
    const cap = 9;
    const heaps = new TopNHeaps(groups, cap);
    const all: Array<Array<{ item: number; score: number; tie: number }>> = Array.from({ length: groups }, () => []);
    for (let item = 0; item < 3000; item++) {
      const g = Math.floor(next() * groups);
      const score = Math.floor(next() * 30) / 30;
      const tie = Math.floor(next() * 10_000);
      heaps.offer(g, item, score, tie);
      all[g]!.push({ item, score, tie });
    }
    for (let g = 0; g < groups; g++) {
      const expected = all[g]!.sort((a, b) => b.score - a.score || a.tie - b.tie || a.item - b.item).slice(0, cap);
      expect(heaps.sorted(g).map((x) => [x.score, x.tie])).toEqual(expected.map((x) => [x.score, x.tie]));
    }
  });

  it('holds fewer than its capacity when offered fewer, and empties on reset', () => {
    const heaps = new TopNHeaps(2, 5);
    heaps.offer(1, 3, 0.5, 3);
    heaps.offer(1, 4, 0.7, 4);
    expect(heaps.sorted(1).map((x) => x.item)).toEqual([4, 3]);
    expect(heaps.size(0)).toBe(0);
    heaps.reset();
    expect(heaps.size(1)).toBe(0);
  });
});
