import { describe, expect, it } from 'vitest';
import { shuffleInPlace } from '../../../shared/mining/prng.js';

describe('shuffleInPlace', () => {
  it('swaps each position from the last down with the one a draw names (hand-checked)', () => {
    // Draws 0.9, 0.1, 0.5 for i = 3, 2, 1: j = 3, 0, 1 → [a b c d] → [a b c d] → [c b a d] → [c b a d].
    const draws = [0.9, 0.1, 0.5];
    const items = ['a', 'b', 'c', 'd'];
    expect(shuffleInPlace(items, () => draws.shift()!)).toBe(items);
    expect(items).toEqual(['c', 'b', 'a', 'd']);
    expect(draws).toEqual([]);
  });

  it('shuffles typed arrays too, keeping every element once', () => {
    const order = Int32Array.from({ length: 50 }, (_, i) => i);
    let state = 1;
    shuffleInPlace(order, () => ((state = (state * 48271) % 2147483647) / 2147483647));
    expect([...order].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...order]).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
