import { describe, expect, it } from 'vitest';
import { predictionMapSize } from '../../../shared/labels/predictionMapSize.js';
import { resampleLabelMap } from '../../../shared/labels/resampleLabelMap.js';

describe('the stored size of a prediction', () => {
  it("keeps the image's size while its longer side is within max(1024, 2 × the score map's)", () => {
    expect(predictionMapSize({ width: 800, height: 600 }, { width: 256, height: 256 })).toEqual({ width: 800, height: 600 });
    expect(predictionMapSize({ width: 1024, height: 700 }, { width: 64, height: 64 })).toEqual({ width: 1024, height: 700 });
    expect(predictionMapSize({ width: 2000, height: 1500 }, { width: 1024, height: 1024 })).toEqual({ width: 2000, height: 1500 });
  });

  it('scales a far larger photo down to that bound, aspect kept', () => {
    // 20 MP landscape under a 256² model: bound 1024; 3391 · 1024 / 6028 = 576.06.
    expect(predictionMapSize({ width: 6028, height: 3391 }, { width: 256, height: 256 })).toEqual({ width: 1024, height: 576 });
    // The same photo under a 1024² model: bound 2048; 3391 · 2048 / 6028 = 1152.1.
    expect(predictionMapSize({ width: 6028, height: 3391 }, { width: 1024, height: 1024 })).toEqual({ width: 2048, height: 1152 });
    // Portrait, a score map at 1/8 of a 512 input: bound 1024 on the height.
    expect(predictionMapSize({ width: 3000, height: 4000 }, { width: 64, height: 64 })).toEqual({ width: 768, height: 1024 });
    // A score map wider than tall: its longer side counts.
    expect(predictionMapSize({ width: 4000, height: 3000 }, { width: 960, height: 640 })).toEqual({ width: 1920, height: 1440 });
  });
});

describe('resampling a label map', () => {
  it('repeats labels when enlarging by a whole factor', () => {
    expect(Array.from(resampleLabelMap(Uint8Array.from([1, 2, 3, 4]), { width: 2, height: 2 }, { width: 4, height: 4 }))).toEqual([
      1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4,
    ]);
  });

  it('takes the label under each new pixel centre when shrinking, never a blend', () => {
    // 4×1 → 2×1: centres at 1 and 3 of the source; 3×1 → 2×1: centres 0.75 → 0, 2.25 → 2.
    expect(Array.from(resampleLabelMap(Uint8Array.from([5, 6, 7, 8]), { width: 4, height: 1 }, { width: 2, height: 1 }))).toEqual([6, 8]);
    expect(Array.from(resampleLabelMap(Uint8Array.from([5, 6, 7]), { width: 3, height: 1 }, { width: 2, height: 1 }))).toEqual([5, 7]);
    expect(Array.from(resampleLabelMap(Uint8Array.from([0, 255, 9, 9, 0, 255]), { width: 2, height: 3 }, { width: 2, height: 1 }))).toEqual([9, 9]);
  });

  it('returns the map itself at the same size and refuses a map of the wrong length', () => {
    const map = Uint8Array.from([1, 2]);
    expect(resampleLabelMap(map, { width: 2, height: 1 }, { width: 2, height: 1 })).toBe(map);
    expect(() => resampleLabelMap(map, { width: 3, height: 1 }, { width: 2, height: 1 })).toThrow(/holds 3 labels, not 2/);
  });
});
