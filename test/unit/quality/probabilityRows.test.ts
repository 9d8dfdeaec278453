import { describe, expect, it } from 'vitest';
import { checkProbabilityRows, PROBABILITY_SUM_TOLERANCE } from '../../../shared/quality/probabilityRows.js';

/** Two images, K = 2 classes, 3 pixels each: channel-major per image. */
const batch = (values: number[]): Float32Array => Float32Array.from(values);

describe('checkProbabilityRows', () => {
  it('accepts distributions, including ones a float16 export rounded', () => {
    const probs = batch([0.2, 0.5, 1, 0.8, 0.5, 0, 0.3, 0.3 + PROBABILITY_SUM_TOLERANCE / 2, 0, 0.7, 0.7, 1]);
    expect(checkProbabilityRows(probs, 2, 2, 3, 0, false)).toBeNull();
  });

  it('names the count and the first bad pixel: NaN, infinite, negative, or a sum off by more than the tolerance', () => {
    const probs = batch([0.2, NaN, 1, 0.8, 0.5, 0, 0.3, 0.5, -0.1, 0.7, 0.7, Infinity]);
    expect(checkProbabilityRows(probs, 2, 2, 3, 10, false)).toEqual({ pixels: 3, image: 10, pixel: 1, reason: 'a value that is not finite' });
    const offByOne = batch([0.5, 0.5, 0.5, 0.5, 0.5, 0.6]);
    expect(checkProbabilityRows(offByOne, 1, 2, 3, 0, false)).toEqual({ pixels: 1, image: 0, pixel: 2, reason: 'values summing to 1.10000' });
    const negative = batch([0.5, 0.5, 1.5, 0.5, 0.5, -0.5]);
    expect(checkProbabilityRows(negative, 1, 2, 3, 0, false)?.reason).toBe('a negative value');
  });

  it('with renormalise rescales rows that are merely off, and still refuses NaN, negative values and all-zero rows', () => {
    const probs = batch([1, 0.5, 0.3, 1, 0.5, 0.3]);
    expect(checkProbabilityRows(probs, 1, 2, 3, 0, true)).toBeNull();
    expect(Array.from(probs)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(checkProbabilityRows(batch([0, NaN, -1, 0, 1, 2]), 1, 2, 3, 0, true)).toEqual({ pixels: 3, image: 0, pixel: 0, reason: 'values summing to 0.00000' });
  });
});
