import { describe, expect, it } from 'vitest';
import { ExactSum } from '../../../shared/quality/exactSum.js';
import { confidentThresholds, estimateIssueCount, findLabelIssues } from '../../../shared/quality/labelIssues.js';
import { rng } from './referenceModel.js';

// One image, 1×5 pixels, K = 3; class 2 is never a label.
const shape = { K: 3, H: 1, W: 5 };
const labels = new Uint8Array([0, 0, 1, 1, 0]);
const probs = new Float32Array([
  ...[0.9, 0.7, 0.1, 0.85, 0.2], // class 0
  ...[0.1, 0.3, 0.8, 0.4, 0.1], // class 1
  ...[0.0, 0.0, 0.1, 0.0, 0.7], // class 2
]);
const f = Math.fround;

describe('confident thresholds and the issue estimate', () => {
  it('are the mean p(k) over pixels labelled k, and 2e-6 for a class no pixel carries', () => {
    const t = confidentThresholds(labels, probs, shape);
    expect(t[0]).toBeCloseTo((f(0.9) + f(0.7) + f(0.2)) / 3, 15);
    expect(t[1]).toBeCloseTo((f(0.8) + f(0.4)) / 2, 15);
    expect(t[2]).toBe(2e-6);
  });

  it('clips a mean below 2e-6 up to 2e-6', () => {
    const tiny = new Float32Array([1e-9, 1e-9, 1, 1, 1 - 1e-9, 1 - 1e-9, 0, 0]);
    const t = confidentThresholds(new Uint8Array([0, 0, 1, 1]), tiny, { K: 2, H: 2, W: 2 });
    expect(t[0]).toBe(2e-6);
  });

  it('counts Q as the off-diagonal pixels whose predicted probability reaches t(pred) − 1e-6', () => {
    // Pixel 3: predicted 0 (0.85 >= t0 = 0.6), label 1. Pixel 4: predicted 2, whose threshold is 2e-6.
    const t = confidentThresholds(labels, probs, shape);
    expect(estimateIssueCount(labels, probs, shape, t)).toBe(2);
    expect(estimateIssueCount(labels, probs, shape, Float64Array.from([0.9, 0.6, 0.8]))).toBe(0);
  });

  it('flags the Q least self-confident pixels whose prediction differs from the label', () => {
    expect(Array.from(findLabelIssues(labels, probs, shape))).toEqual([0, 0, 0, 1, 1]);
  });
});

describe('ExactSum', () => {
  it('gives the correctly rounded sum where naive summation fails', () => {
    const sum = new ExactSum();
    for (const v of [1e16, 1, -1e16]) sum.add(v);
    expect(sum.value()).toBe(1);
    const tenth = new ExactSum();
    for (let i = 0; i < 10; i++) tenth.add(0.1);
    expect(tenth.value()).toBe(1);
  });

  it('gives bit-identical results for any order or grouping of the same values', () => {
    const random = rng(7);
    const values = Array.from({ length: 2000 }, () => (random() - 0.3) * 10 ** Math.floor(random() * 12 - 6));
    const forward = new ExactSum();
    for (const v of values) forward.add(v);
    const shuffled = [...values].sort(() => random() - 0.5);
    const left = new ExactSum();
    const right = new ExactSum();
    shuffled.forEach((v, i) => (i % 3 === 0 ? left : right).add(v));
    left.addAll(right);
    expect(left.value()).toBe(forward.value());
    expect(new ExactSum(forward.toPartials()).value()).toBe(forward.value());
  });
});
