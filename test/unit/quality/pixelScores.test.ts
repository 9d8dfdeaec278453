import { describe, expect, it } from 'vitest';
import { labelQualityScores, predictedClasses, selfConfidence } from '../../../shared/quality/labelIssues.js';

// Two images of 1×3 pixels, K = 3, probabilities (N, K, H, W): image 0's three planes, then image 1's.
const shape = { K: 3, H: 1, W: 3 };
const labels = new Uint8Array([0, 1, 255, 2, 2, 0]);
const probs = new Float32Array([
  ...[0.5, 0.2, 0.3],
  ...[0.5, 0.7, 0.3],
  ...[0.0, 0.1, 0.4],
  ...[0.4, 0.1, 0.6],
  ...[0.4, 0.1, 0.2],
  ...[0.2, 0.8, 0.2],
]);
const f = Math.fround;

describe('pixel scores', () => {
  it('are p(label) per pixel, NaN where the label is the ignore index', () => {
    const scores = selfConfidence(labels, probs, shape, 255);
    expect(Array.from(scores)).toEqual([0.5, f(0.7), Number.NaN, f(0.2), f(0.8), f(0.6)]);
    expect(Array.from(labelQualityScores(labels, probs, shape, { ignoreIndex: 255 }).pixelScores)).toEqual(Array.from(scores));
  });

  it('predict the argmax class per pixel with the lowest class index on ties', () => {
    expect(Array.from(predictedClasses(probs, shape))).toEqual([0, 1, 2, 0, 2, 0]);
  });
});
