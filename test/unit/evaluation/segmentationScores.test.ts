import { describe, expect, it } from 'vitest';
import { EvalConfusion, scoresFromConfusion } from '../../../shared/evaluation/segmentationScores.js';

describe('segmentation scores', () => {
  it('gives IoU 1 for a perfect prediction and skips classes that occur nowhere', () => {
    const cm = new EvalConfusion(3);
    cm.add(Uint8Array.of(0, 0, 1, 1), Uint8Array.of(0, 0, 1, 1));
    expect(scoresFromConfusion(cm)).toEqual({ miou: 1, perClass: [1, 1, null], pixels: 4, pixelAccuracy: 1 });
  });

  it('computes IoU per class over the whole set, hand-checked', () => {
    const cm = new EvalConfusion(2);
    // Image 1: reference 0 0 1 1, predicted 0 1 1 1 → class 0: tp 1, union 2; class 1: tp 2, union 3.
    cm.add(Uint8Array.of(0, 0, 1, 1), Uint8Array.of(0, 1, 1, 1));
    // Image 2: reference 1 1, predicted 0 1 → class 0: +0 tp, union +1; class 1: +1 tp, union +2.
    cm.add(Uint8Array.of(1, 1), Uint8Array.of(0, 1));
    const scores = scoresFromConfusion(cm);
    expect(scores.perClass[0]).toBeCloseTo(1 / 3, 12);
    expect(scores.perClass[1]).toBeCloseTo(3 / 5, 12);
    expect(scores.miou).toBeCloseTo((1 / 3 + 3 / 5) / 2, 12);
    expect(scores.pixelAccuracy).toBeCloseTo(4 / 6, 12);
  });

  it('ignores reference pixels marked 255 and counts unmapped predictions as misses', () => {
    const cm = new EvalConfusion(2);
    cm.add(Uint8Array.of(255, 1, 1, 0), Uint8Array.of(0, 255, 1, 0));
    const scores = scoresFromConfusion(cm);
    expect(scores.pixels).toBe(3);
    expect(scores.perClass).toEqual([1, 0.5]);
  });

  it('refuses maps of different sizes', () => {
    expect(() => new EvalConfusion(2).add(Uint8Array.of(0), Uint8Array.of(0, 1))).toThrow(RangeError);
  });
});
