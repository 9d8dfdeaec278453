import { describe, expect, it } from 'vitest';
import { imageUncertainty } from '../../../shared/mining/uncertainty.js';

describe('imageUncertainty', () => {
  it('averages per-pixel entropy (nats) and best-minus-second margin over the image', () => {
    // Channel-major, 2 classes × 2 pixels: pixel 0 = (1, 0), pixel 1 = (0.5, 0.5).
    const u = imageUncertainty(Float32Array.from([1, 0.5, 0, 0.5]), 2, 2);
    expect(u.meanEntropy).toBeCloseTo(Math.log(2) / 2, 7);
    expect(u.meanMargin).toBeCloseTo(0.5, 7);
  });

  it('takes the second-best probability whatever the class order', () => {
    // One pixel, 3 classes (0.2, 0.5, 0.3): margin 0.2.
    const u = imageUncertainty(Float32Array.from([0.2, 0.5, 0.3]), 3, 1);
    expect(u.meanMargin).toBeCloseTo(0.2, 6);
    expect(u.meanEntropy).toBeCloseTo(-(0.2 * Math.log(0.2) + 0.5 * Math.log(0.5) + 0.3 * Math.log(0.3)), 6);
  });

  it('refuses a tensor whose size does not match classes × pixels', () => {
    expect(() => imageUncertainty(new Float32Array(5), 2, 2)).toThrow(/2×2/);
  });
});
