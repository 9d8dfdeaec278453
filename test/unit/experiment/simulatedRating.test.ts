import { describe, expect, it } from 'vitest';
import { gaussian, simulatedScore } from '../../../electron/core/experiment/simulatedRating.js';
import { mulberry32 } from '../../../shared/mining/prng.js';

const noNoise = () => 0;

describe('simulated rater score', () => {
  it('maps the true mIoU linearly onto the 1–5 scale without noise', () => {
    expect(simulatedScore(0, 0, noNoise)).toBe(1);
    expect(simulatedScore(0.5, 0, noNoise)).toBe(3);
    expect(simulatedScore(1, 0, noNoise)).toBe(5);
    // 1 + 4·0.3 = 2.2 → 2; 1 + 4·0.4 = 2.6 → 3
    expect(simulatedScore(0.3, 0, noNoise)).toBe(2);
    expect(simulatedScore(0.4, 0, noNoise)).toBe(3);
  });

  it('adds noise in scale steps and clamps to 1…5', () => {
    expect(simulatedScore(0.5, 0.5, () => 2)).toBe(4);
    expect(simulatedScore(0.5, 0.5, () => -2)).toBe(2);
    expect(simulatedScore(0.9, 1, () => 3)).toBe(5);
    expect(simulatedScore(0.1, 1, () => -3)).toBe(1);
  });

  it('treats an image with nothing to score as a perfect prediction', () => {
    expect(simulatedScore(null, 0, noNoise)).toBe(5);
  });
});

describe('seeded gaussian noise', () => {
  it('repeats for the same seed and has roughly zero mean and unit spread', () => {
    const a = gaussian(mulberry32(7));
    const b = gaussian(mulberry32(7));
    const draws = Array.from({ length: 20_000 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(draws.slice(0, 5));
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    const variance = draws.reduce((s, x) => s + (x - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});
