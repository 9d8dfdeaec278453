import { describe, expect, it } from 'vitest';
import { auroc } from '../../../shared/slices/auroc.js';
import { benjaminiHochberg, rejectedAt } from '../../../shared/slices/benjaminiHochberg.js';
import { fisherExactGreater, logFactorial, logGamma } from '../../../shared/slices/fisherExact.js';
import { katzRatio, newcombeDifference, wilsonInterval } from '../../../shared/slices/proportionIntervals.js';

describe('one-sided Fisher exact test', () => {
  it('gives the hypergeometric upper tail of hand-computed tables', () => {
    // Lady tasting tea: P(X ≥ 3) = (C(4,3)·C(4,1) + C(4,4)·C(4,0)) / C(8,4) = 17/70.
    expect(fisherExactGreater(3, 1, 1, 3)).toBeCloseTo(17 / 70, 14);
    expect(fisherExactGreater(4, 0, 0, 4)).toBeCloseTo(1 / 70, 14);
    // Exact rationals (Python fractions): 41/29716 and its complement direction 29715/29716.
    expect(fisherExactGreater(11, 3, 1, 9)).toBeCloseTo(41 / 29716, 14);
    expect(fisherExactGreater(1, 9, 11, 3)).toBeCloseTo(29715 / 29716, 12);
  });

  it('stays accurate deep in the tail and on large tables (log space)', () => {
    const p = fisherExactGreater(30, 70, 10, 90);
    expect(Math.abs(p - 3.252053538017105e-4) / 3.252053538017105e-4).toBeLessThan(1e-10);
    const big = fisherExactGreater(60, 40, 400, 1600);
    expect(Math.abs(big - 2.7308785396841594e-17) / 2.7308785396841594e-17).toBeLessThan(1e-9);
    const huge = fisherExactGreater(300, 700, 2000, 7000);
    expect(Math.abs(huge - 4.1439596010893025e-8) / 4.1439596010893025e-8).toBeLessThan(1e-9);
  });

  it('is 1 when the slice cannot fail less, and refuses non-counts', () => {
    expect(fisherExactGreater(0, 5, 0, 5)).toBe(1);
    expect(fisherExactGreater(0, 10, 5, 5)).toBe(1);
    expect(() => fisherExactGreater(-1, 2, 3, 4)).toThrow(RangeError);
    expect(() => fisherExactGreater(1.5, 2, 3, 4)).toThrow(RangeError);
  });

  it('computes ln Γ and ln n! to near machine precision', () => {
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(logFactorial(10)).toBeCloseTo(Math.log(3628800), 12);
    // Past the exact table the Lanczos branch takes over: ln 300! summed directly.
    let direct = 0;
    for (let i = 2; i <= 300; i++) direct += Math.log(i);
    expect(Math.abs(logFactorial(300) - direct) / direct).toBeLessThan(1e-13);
  });
});

describe('intervals for rates (Newcombe 1998, Table I and II)', () => {
  it('Wilson matches the published intervals', () => {
    const cases: Array<[number, number, number, number]> = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [x, n, lo, hi] of cases) {
      const w = wilsonInterval(x, n);
      expect(w.estimate).toBeCloseTo(x / n, 12);
      expect(w.lower).toBeCloseTo(lo, 4);
      expect(w.upper).toBeCloseTo(hi, 4);
    }
    expect(wilsonInterval(20, 20).upper).toBe(1);
    expect(wilsonInterval(0, 0)).toMatchObject({ lower: 0, upper: 1 });
  });

  it('Newcombe hybrid score (method 10) matches the published difference intervals', () => {
    const cases: Array<[number, number, number, number, number, number]> = [
      [56, 70, 48, 80, 0.0524, 0.3339],
      [9, 10, 3, 10, 0.1705, 0.809],
      [6, 7, 2, 7, 0.0582, 0.8062],
      [5, 56, 0, 29, -0.0381, 0.1926],
    ];
    for (const [x1, n1, x2, n2, lo, hi] of cases) {
      const d = newcombeDifference(x1, n1, x2, n2);
      expect(d.estimate).toBeCloseTo(x1 / n1 - x2 / n2, 12);
      expect(d.lower).toBeCloseTo(lo, 4);
      expect(d.upper).toBeCloseTo(hi, 4);
    }
  });

  it('Katz log interval for the ratio, by hand: 56/70 vs 48/80', () => {
    // RR = 0.8 / 0.6; se = √(1/56 − 1/70 + 1/48 − 1/80) = 0.109109; exp(ln RR ± 1.96·se).
    const r = katzRatio(56, 70, 48, 80);
    expect(r.estimate).toBeCloseTo(4 / 3, 12);
    expect(r.lower).toBeCloseTo(1.076626, 5);
    expect(r.upper).toBeCloseTo(1.651249, 5);
  });

  it('Katz adds 0.5 to the counts when one is zero, keeping the plain point estimate', () => {
    const r = katzRatio(5, 56, 0, 29);
    expect(r.estimate).toBe(Number.POSITIVE_INFINITY);
    // Corrected: 5.5/57 vs 0.5/30.
    expect(r.lower).toBeCloseTo(0.33119, 4);
    expect(r.upper).toBeCloseTo(101.2048, 3);
  });
});

describe('Benjamini–Hochberg', () => {
  it('adjusts by hand: m·p(i)/i with the running minimum from the top', () => {
    // Sorted 0.005, 0.01, 0.03, 0.04 → 0.02, 0.02, 0.04, 0.04.
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.005]);
    expect(q[0]).toBeCloseTo(0.02, 12);
    expect(q[1]).toBeCloseTo(0.04, 12);
    expect(q[2]).toBeCloseTo(0.04, 12);
    expect(q[3]).toBeCloseTo(0.02, 12);
    expect(rejectedAt([0.01, 0.04, 0.03, 0.005], 0.03)).toEqual([true, false, false, true]);
  });

  it('caps at 1 and lets a later small p rescue an earlier one (step-up)', () => {
    // 0.04·2/1 = 0.08, but 0.045·2/2 = 0.045 is smaller: both get 0.045.
    const q = benjaminiHochberg([0.04, 0.045]);
    expect(q[0]).toBeCloseTo(0.045, 12);
    expect(q[1]).toBeCloseTo(0.045, 12);
    expect(benjaminiHochberg([0.9, 0.8])).toEqual([0.9, 0.9]);
    expect(benjaminiHochberg([])).toEqual([]);
  });
});

describe('AUROC', () => {
  it('counts pairs ranked right, ties as one half', () => {
    // Positives 0.35, 0.8; negatives 0.1, 0.4: pairs (0.35>0.1), (0.35<0.4), (0.8>0.1), (0.8>0.4) → 3/4.
    expect(auroc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
    expect(auroc([0.5, 0.5], [0, 1])).toBeCloseTo(0.5, 12);
    // Pairs (positive, negative): (0.3, 0.3) tie = ½, (0.3, 0.1) = 1, (0.9, 0.3) = 1, (0.9, 0.1) = 1 → 3.5 / 4.
    expect(auroc([0.3, 0.3, 0.9, 0.1], [0, 1, 1, 0])).toBeCloseTo(3.5 / 4, 12);
    expect(auroc([1, 2], [1, 1])).toBeNaN();
  });
});
