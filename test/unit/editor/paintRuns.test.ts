import { describe, expect, it } from 'vitest';
import { paintRuns } from '../../../renderer/src/editor/assistOverlay.js';

describe('the preview painted from its runs', () => {
  const C = 0xaabbccdd;
  const paint = (runs: number[], length: number) => {
    const px = new Uint32Array(length).fill(7);
    paintRuns(Uint32Array.from(runs), px, C);
    return [...px];
  };

  it('colours the inside runs, clears the outside ones (old pixels included), at both ends', () => {
    expect(paint([0, 2, 2, 1, 1, 1], 7)).toEqual([C, C, 0, 0, C, 0, C]);
    expect(paint([1, 3, 1], 5)).toEqual([0, C, C, C, 0]);
  });

  it('an empty and a full mask', () => {
    expect(paint([3], 3)).toEqual([0, 0, 0]);
    expect(paint([0, 3], 3)).toEqual([C, C, C]);
    expect(paint([], 0)).toEqual([]);
  });

  it('long runs as short ones', () => {
    const px = paint([5, 40, 30, 1], 76);
    expect(px.slice(0, 5).every((v) => v === 0)).toBe(true);
    expect(px.slice(5, 45).every((v) => v === C)).toBe(true);
    expect(px.slice(45, 75).every((v) => v === 0)).toBe(true);
    expect(px[75]).toBe(C);
  });
});
