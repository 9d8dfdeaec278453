import { describe, expect, it } from 'vitest';
import {
  ClassAreaAccumulator,
  contentBounds,
  poolAreaStatistics,
  quartileBounds,
  sigmaBounds,
} from '../../../shared/mining/contentConstraint.js';
import { quantile } from '../../../shared/mining/quantile.js';

describe('quantile (numpy linear definition)', () => {
  it('matches numpy.quantile on hand-checked samples', () => {
    // numpy.quantile([0.1, 0.2, 0.4, 0.8], [0.25, 0.75]) → [0.175, 0.5]
    expect(quantile([0.8, 0.1, 0.4, 0.2], 0.25)).toBeCloseTo(0.175, 12);
    expect(quantile([0.8, 0.1, 0.4, 0.2], 0.75)).toBeCloseTo(0.5, 12);
    // numpy.quantile([0.02, 0.5, 0.1, 0.04, 0.3, 0.2], [0.25, 0.75]) → [0.055, 0.275]
    expect(quantile([0.02, 0.5, 0.1, 0.04, 0.3, 0.2], 0.25)).toBeCloseTo(0.055, 12);
    expect(quantile([0.02, 0.5, 0.1, 0.04, 0.3, 0.2], 0.75)).toBeCloseTo(0.275, 12);
    expect(quantile([7], 0.25)).toBe(7);
    expect(quantile([1, 2, 3], 0)).toBe(1);
    expect(quantile([1, 2, 3], 1)).toBe(3);
  });

  it('refuses an empty sample and a level outside [0, 1]', () => {
    expect(() => quantile([], 0.5)).toThrow(/empty/);
    expect(() => quantile([1], 1.5)).toThrow(/\[0, 1\]/);
  });
});

/** Feeds S0 masks of 1000 pixels each, given as per-class pixel counts. */
function accumulate(masks: number[][], numClasses: number): ClassAreaAccumulator {
  const acc = new ClassAreaAccumulator(numClasses);
  for (const counts of masks) acc.addImage(counts, 1000);
  return acc;
}

describe('content bounds from S0 masks', () => {
  // class 1 fractions over the masks that contain it: 0.1, 0.2, 0.4, 0.8; class 2 never present.
  const masks = [
    [900, 100, 0],
    [800, 200, 0],
    [600, 400, 0],
    [200, 800, 0],
    [1000, 0, 0],
  ];

  it('gives [Q1, Q3] of the area fraction over the masks that contain the class', () => {
    const b = quartileBounds(accumulate(masks, 3));
    expect(b.measure).toBe('fraction');
    expect(b.lower[1]).toBeCloseTo(0.175, 12);
    expect(b.upper[1]).toBeCloseTo(0.5, 12);
    // class 0 fractions 0.9, 0.8, 0.6, 0.2, 1.0 → sorted 0.2 0.6 0.8 0.9 1.0 → Q1 0.6, Q3 0.9
    expect(b.lower[0]).toBeCloseTo(0.6, 12);
    expect(b.upper[0]).toBeCloseTo(0.9, 12);
    expect(Array.from(b.support)).toEqual([5, 4, 0]);
  });

  it('leaves a class absent from S0 unconstrained', () => {
    const b = quartileBounds(accumulate(masks, 3));
    expect(b.lower[2]).toBe(-Infinity);
    expect(b.upper[2]).toBe(Infinity);
  });

  it('gives mean ± population σ of the pixel count for sigma bounds', () => {
    // class 1 counts 100, 200, 400, 800: numpy mean 375, std 270.6...
    const counts = [100, 200, 400, 800];
    const mean = 375;
    const std = Math.sqrt(counts.reduce((s, c) => s + (c - mean) ** 2, 0) / counts.length);
    const b = sigmaBounds(accumulate(masks, 3));
    expect(b.measure).toBe('count');
    expect(b.lower[1]).toBeCloseTo(mean - std, 9);
    expect(b.upper[1]).toBeCloseTo(mean + std, 9);
    // numpy: np.array([1000,3000,2000,6000]).std() = 1870.8286933869706, mean 3000
    const big = new ClassAreaAccumulator(1);
    for (const c of [1000, 3000, 2000, 6000]) big.addImage([c], 10_000);
    expect(sigmaBounds(big).lower[0]).toBeCloseTo(3000 - 1870.8286933869706, 9);
    expect(sigmaBounds(big).upper[0]).toBeCloseTo(3000 + 1870.8286933869706, 9);
  });

  it('builds bounds from the constraint setting', () => {
    const acc = accumulate(masks, 3);
    expect(contentBounds({ mode: 'quartile' }, 3, acc).lower[1]).toBeCloseTo(0.175, 12);
    expect(contentBounds({ mode: 'sigma' }, 3, acc).measure).toBe('count');
    const off = contentBounds({ mode: 'off' }, 3);
    expect(Array.from(off.lower)).toEqual([-Infinity, -Infinity, -Infinity]);
    const custom = contentBounds({ mode: 'custom', bounds: [{ classId: 2, min: 0.1, max: 0.3 }] }, 3);
    expect([custom.lower[2], custom.upper[2], custom.upper[1]]).toEqual([0.1, 0.3, Infinity]);
  });

  it('refuses S0-based modes without S0 statistics, and mismatched class counts', () => {
    expect(() => contentBounds({ mode: 'quartile' }, 3)).toThrow(/S0/);
    expect(() => contentBounds({ mode: 'sigma' }, 4, accumulate(masks, 3))).toThrow(/classes/);
    expect(() => contentBounds({ mode: 'custom', bounds: [{ classId: 5, min: 0, max: 1 }] }, 3)).toThrow(/class 5/);
  });

  it('refuses a mask whose class count differs from the project', () => {
    expect(() => new ClassAreaAccumulator(3).addImage([1, 2], 10)).toThrow(/3 class counts/);
  });
});

describe('content bounds from the pool when there is no S0', () => {
  it("takes the target's predicted areas over the pool images that hold each class, skipping images it has not predicted", () => {
    // Four images × 3 classes; image 2 has no prediction (a row of zeros); image 3 has 2000 pixels.
    const fractions = Float32Array.from([0.9, 0.1, 0, 0.8, 0.2, 0, 0, 0, 0, 0.2, 0.8, 0]);
    const stats = poolAreaStatistics(fractions, [1000, 1000, 1000, 2000], 3);
    const b = contentBounds({ mode: 'quartile' }, 3, stats);
    // class 1 fractions 0.1, 0.2, 0.8 → numpy.quantile(…, [0.25, 0.75]) = [0.15, 0.5]
    expect(b.lower[1]).toBeCloseTo(0.15, 6);
    expect(b.upper[1]).toBeCloseTo(0.5, 6);
    expect(Array.from(b.support)).toEqual([3, 3, 0]);
    // sigma works on counts: class 1 counts 100, 200, 1600 (float32 fractions: close, not exact)
    const sigma = contentBounds({ mode: 'sigma' }, 3, stats);
    const mean = 1900 / 3;
    const std = Math.sqrt([100, 200, 1600].reduce((s, c) => s + (c - mean) ** 2, 0) / 3);
    expect(sigma.lower[1]).toBeCloseTo(mean - std, 3);
  });
});
