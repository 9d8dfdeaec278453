import { describe, expect, it } from 'vitest';
import { expNeg } from '../../../shared/quality/fastExp.js';
import { softminScore } from '../../../shared/quality/softmin.js';

describe('softminScore', () => {
  it('returns the value itself for one pixel or for equal pixels', () => {
    expect(softminScore([0.37])).toBe(0.37);
    expect(softminScore([0.6, 0.6, 0.6], 0.1)).toBeCloseTo(0.6, 15);
  });

  it('weights pixels by softmax of (1 − v)/t: [0, 1] at t = 1 gives 1/(e + 1)', () => {
    expect(softminScore([0, 1], 1)).toBeCloseTo(1 / (Math.E + 1), 15);
  });

  it('tends to the plain mean as the temperature grows', () => {
    const values = [0.1, 0.5, 0.9, 0.3];
    expect(softminScore(values, 1e9)).toBeCloseTo(0.45, 9);
  });

  it('tends to the minimum as the temperature shrinks, with the 1e-6 floor still weighting near-minimal pixels', () => {
    expect(softminScore([0.2, 0.9, 0.7], 1e-12)).toBe(0.2);
    const near = [0.2, 0.2000001, 0.9];
    const w = Math.exp(-0.1);
    expect(softminScore(near, 1e-12)).toBeCloseTo((0.2 + 0.2000001 * w) / (1 + w), 12);
  });

  it('treats a negative temperature like the 1e-6 floor, as the reference does', () => {
    const values = [0.2, 0.2000001, 0.4];
    expect(softminScore(values, -3)).toBe(softminScore(values, 1e-6));
  });

  it('rejects a zero temperature and an empty image', () => {
    expect(() => softminScore([0.5], 0)).toThrow('temperature must be a finite number other than 0');
    expect(() => softminScore([], 0.1)).toThrow('at least one pixel');
  });
});

describe('expNeg', () => {
  it('agrees with Math.exp(−x) to 1e-13 relative error over [0, 745]', () => {
    let worst = 0;
    for (let i = 0; i <= 200_000; i++) {
      const x = 745 * (i / 200_000) ** 2;
      const exact = Math.exp(-x);
      if (exact > 1e-300) worst = Math.max(worst, Math.abs(expNeg(x) - exact) / exact);
    }
    expect(worst).toBeLessThan(1e-13);
    expect(expNeg(0)).toBe(1);
    expect(expNeg(800)).toBe(0);
    expect(expNeg(Number.POSITIVE_INFINITY)).toBe(0);
  });
});
