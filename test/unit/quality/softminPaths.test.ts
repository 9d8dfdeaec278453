import { describe, expect, it } from 'vitest';
import { labelQualityScores, searchInMemory } from '../../../shared/quality/labelIssues.js';
import { softminOfPrefix, softminScore } from '../../../shared/quality/softmin.js';
import { FIXTURE_CASES, loadFixture } from './labelQualityFixtures.js';
import { randomCase, rng } from './referenceModel.js';

/** The reference's softmin written out with Math.exp (spec §2.3): softmax of (1 − v)/t, shifted by its maximum. */
function mathExpSoftmin(values: ArrayLike<number>, temperature: number): number {
  const t = Math.max(temperature, 1e-6);
  let max = -Infinity;
  for (let j = 0; j < values.length; j++) max = Math.max(max, (1 - values[j]!) / t);
  let weighted = 0;
  let total = 0;
  for (let j = 0; j < values.length; j++) {
    const w = Math.exp((1 - values[j]!) / t - max);
    weighted += values[j]! * w;
    total += w;
  }
  return weighted / total;
}

/** Math.exp softmin per image over the labelled pixels (pixel scores are NaN where ignored). */
function mathExpImageScores(pixelScores: Float32Array, N: number, temperature: number): number[] {
  const pixels = pixelScores.length / N;
  return Array.from({ length: N }, (_, n) => {
    const own = Array.from(pixelScores.subarray(n * pixels, (n + 1) * pixels)).filter((v) => !Number.isNaN(v));
    return own.length === 0 ? 1 : mathExpSoftmin(own, temperature);
  });
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe('softmin table path', () => {
  it('softminOfPrefix agrees with Math.exp softmin to 1e-14 on random float32 pixels, odd counts included', () => {
    const random = rng(5);
    for (const count of [1, 2, 3, 7, 1000, 4097]) {
      const values = Float32Array.from({ length: count }, () => random() ** 3);
      for (const t of [0.1, 0.05, 1, 0.03, 1e6]) {
        expect(Math.abs(softminOfPrefix(values, count, t) - mathExpSoftmin(values, t))).toBeLessThan(1e-14);
      }
    }
  });

  it('falls back to the shifted path for values outside [0, 1], NaN and temperatures too cold for a table', () => {
    const random = rng(9);
    const values = Float32Array.from({ length: 501 }, () => random());
    for (const odd of [1.5, -0.25, 3e9]) {
      const withOdd = values.slice();
      withOdd[250] = odd;
      expect(softminOfPrefix(withOdd, withOdd.length, 0.1)).toBeCloseTo(mathExpSoftmin(withOdd, 0.1), 13);
    }
    const withNaN = values.slice();
    withNaN[3] = Number.NaN;
    expect(softminOfPrefix(withNaN, withNaN.length, 0.1)).toBeNaN();
    expect(softminOfPrefix(values, values.length, 0.001)).toBeCloseTo(mathExpSoftmin(values, 0.001), 13);
    expect(softminOfPrefix(values, values.length, -3)).toBe(softminScore(values, 1e-6));
  });

  it.each(FIXTURE_CASES)('the one-loop kernel reproduces Math.exp softmin on fixture %s to 1e-14 at t = 0.1, 1, 0.05', (name) => {
    const fx = loadFixture(name);
    const shape = { K: fx.K, H: fx.H, W: fx.W };
    for (const temperature of [0.1, 1, 0.05]) {
      const { imageScores, pixelScores } = labelQualityScores(fx.labels, fx.probs, shape, { method: 'softmin', temperature });
      expect(maxAbsDiff(imageScores, mathExpImageScores(pixelScores, fx.N, temperature))).toBeLessThan(1e-14);
    }
    // The pass that also gathers thresholds scores through softminOfPrefix: the same figures.
    const both = searchInMemory(fx.labels, fx.probs, shape).softminScores!;
    const oneLoop = labelQualityScores(fx.labels, fx.probs, shape, { method: 'softmin' }).imageScores;
    expect(maxAbsDiff(both, oneLoop)).toBeLessThan(1e-15);
  });

  it('skips ignored pixels in any position of a group of four, and images whose size is not a multiple of 4', () => {
    const shape = { K: 4, H: 5, W: 7 };
    const { labels, probs } = randomCase(21, 6, shape.K, shape.H, shape.W);
    const random = rng(22);
    for (let i = 0; i < labels.length; i++) if (random() < 0.2) labels[i] = 255;
    labels.fill(255, 35, 70);
    const { imageScores, pixelScores } = labelQualityScores(labels, probs, shape, { method: 'softmin', ignoreIndex: 255 });
    expect(imageScores[1]).toBe(1);
    expect(maxAbsDiff(imageScores, mathExpImageScores(pixelScores, 6, 0.1))).toBeLessThan(1e-14);
    const counts = searchInMemory(labels, probs, shape, { ignoreIndex: 255, findIssues: false }).validPixels;
    expect(Array.from(counts)).toEqual(Array.from({ length: 6 }, (_, n) => labels.subarray(n * 35, n * 35 + 35).filter((l) => l !== 255).length));
  });

  it('scores an image holding an unnormalised probability through the shifted path, as the reference does', () => {
    const shape = { K: 3, H: 4, W: 4 };
    const { labels, probs } = randomCase(31, 3, shape.K, shape.H, shape.W);
    const scaled = probs.slice();
    for (let i = 16 * 3; i < 16 * 6; i++) scaled[i] = scaled[i]! * 4;
    const { imageScores, pixelScores } = labelQualityScores(labels, scaled, shape, { method: 'softmin' });
    expect(pixelScores.subarray(16, 32).some((v) => v > 1)).toBe(true);
    expect(maxAbsDiff(imageScores, mathExpImageScores(pixelScores, 3, 0.1))).toBeLessThan(1e-13);
  });
});
