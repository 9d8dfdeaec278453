import { describe, expect, it } from 'vitest';
import { intervalSign, meanInterval, pairedDifference, tQuantile975 } from '../../../shared/statistics/intervals.js';

describe('meanInterval', () => {
  it('gives the t-interval of five values computed by hand', () => {
    // 1..5: mean 3, sample variance (4+1+0+1+4)/4 = 2.5, s/√n = √0.5 = 0.70711, t(4) = 2.776 → ± 1.96293.
    const r = meanInterval([1, 2, 3, 4, 5])!;
    expect(r.n).toBe(5);
    expect(r.mean).toBe(3);
    expect(r.low).toBeCloseTo(3 - 1.96293, 4);
    expect(r.high).toBeCloseTo(3 + 1.96293, 4);
  });

  it('uses t(1) for two values and leaves out missing ones', () => {
    // 0.4, 0.6: mean 0.5, s = 0.141421, s/√2 = 0.1, t(1) = 12.706 → ± 1.2706.
    const r = meanInterval([0.4, null, 0.6, Number.NaN])!;
    expect(r.n).toBe(2);
    expect(r.mean).toBeCloseTo(0.5, 12);
    expect(r.high! - r.mean).toBeCloseTo(1.2706, 4);
  });

  it('gives no interval for one value and nothing for none', () => {
    expect(meanInterval([0.7])).toEqual({ n: 1, mean: 0.7, low: null, high: null });
    expect(meanInterval([null])).toBeNull();
  });
});

describe('pairedDifference', () => {
  it('is the interval of the per-seed differences, not of either side', () => {
    // Differences 0.02, 0.03, 0.01, 0.02: mean 0.02, variance (0+1e-4+1e-4+0)/3, s/√4 = 0.0040825, t(3) = 3.182 → ± 0.012991.
    const a = [0.52, 0.63, 0.41, 0.72];
    const b = [0.5, 0.6, 0.4, 0.7];
    const r = pairedDifference(a, b)!;
    expect(r.mean).toBeCloseTo(0.02, 12);
    expect(r.low).toBeCloseTo(0.02 - 0.012991, 5);
    expect(r.high).toBeCloseTo(0.02 + 0.012991, 5);
    expect(intervalSign(r)).toBe(1);
    // Either side alone varies by world far more than the difference: its interval covers the other's mean.
    expect(meanInterval(b)!.high!).toBeGreaterThan(meanInterval(a)!.mean);
  });

  it('drops pairs with a missing side and refuses samples of different lengths', () => {
    expect(pairedDifference([0.5, null, 0.7], [0.4, 0.3, null])).toEqual({ n: 1, mean: expect.closeTo(0.1, 12), low: null, high: null });
    expect(() => pairedDifference([1], [1, 2])).toThrow(/differ in length/);
  });
});

describe('tQuantile975 and intervalSign', () => {
  it('reads the table and continues it smoothly past 30 degrees of freedom', () => {
    expect(tQuantile975(4)).toBe(2.776);
    expect(tQuantile975(30)).toBe(2.042);
    expect(tQuantile975(31)).toBeLessThan(2.042);
    expect(tQuantile975(31)).toBeGreaterThan(2.03);
    expect(tQuantile975(120)).toBeCloseTo(1.98, 2);
    expect(() => tQuantile975(0)).toThrow(/positive integer/);
  });

  it('says whether an interval excludes zero', () => {
    expect(intervalSign({ n: 3, mean: -0.1, low: -0.2, high: -0.01 })).toBe(-1);
    expect(intervalSign({ n: 3, mean: 0.1, low: -0.2, high: 0.3 })).toBe(0);
    expect(intervalSign({ n: 1, mean: 0.1, low: null, high: null })).toBe(0);
    expect(intervalSign(null)).toBe(0);
  });
});
