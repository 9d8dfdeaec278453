import { describe, expect, it } from 'vitest';
import { fillRuns } from '../../../renderer/src/editor/assistOverlay.js';

describe('the preview painted a run at a time', () => {
  const C = 0xaabbccdd;
  const paint = (bits: number[]) => {
    const px = new Uint32Array(bits.length).fill(7);
    fillRuns(Uint8Array.from(bits), px, C);
    return [...px];
  };

  it('colours the ones, clears the zeros (old pixels included), at both ends', () => {
    expect(paint([1, 1, 0, 0, 1, 0, 1])).toEqual([C, C, 0, 0, C, 0, C]);
    expect(paint([0, 1, 1, 1, 0])).toEqual([0, C, C, C, 0]);
  });

  it('an empty and a full mask', () => {
    expect(paint([0, 0, 0])).toEqual([0, 0, 0]);
    expect(paint([1, 1, 1])).toEqual([C, C, C]);
    expect(paint([])).toEqual([]);
  });
});
