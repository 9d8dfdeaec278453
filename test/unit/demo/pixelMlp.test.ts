import { describe, expect, it } from 'vitest';
import { fitPixelMlp, predictPixel, type PixelSamples } from '../../../models/training/pixelMlp.js';
import { createRandom } from '../../../models/random.js';

/** XOR of the signs of two features, with an offset and scale the fit must standardise away. */
function xorSamples(count: number, seed: number): PixelSamples {
  const rng = createRandom(seed);
  const features = new Float32Array(count * 2);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const a = rng.uniform(-1, 1);
    const b = rng.uniform(-1, 1);
    features[2 * i] = 100 + 50 * a;
    features[2 * i + 1] = -3 + 0.01 * b;
    labels[i] = a > 0 !== b > 0 ? 1 : 0;
  }
  return { features, labels, count, dims: 2 };
}

function accuracy(samples: PixelSamples, predict: (f: Float32Array) => Float64Array): number {
  let correct = 0;
  for (let i = 0; i < samples.count; i++) {
    const z = predict(samples.features.subarray(2 * i, 2 * i + 2));
    const guess = z[1]! > z[0]! ? 1 : 0;
    if (guess === samples.labels[i]) correct++;
  }
  return correct / samples.count;
}

describe('fitPixelMlp', () => {
  const options = { hidden: 12, classes: 2, epochs: 30, batchSize: 32, learningRate: 0.02, seed: 7 };

  it('learns a problem no linear classifier can (XOR) on unstandardised features', () => {
    const train = xorSamples(2000, 1);
    const { weights, finalLoss } = fitPixelMlp(train, options);
    expect(finalLoss).toBeLessThan(0.25);
    expect(accuracy(xorSamples(1000, 2), (f) => predictPixel(weights, f))).toBeGreaterThan(0.93);
  });

  it('returns identical weights for the same seed and different ones for another seed', () => {
    const train = xorSamples(500, 3);
    const a = fitPixelMlp(train, { ...options, epochs: 3 });
    const b = fitPixelMlp(train, { ...options, epochs: 3 });
    const c = fitPixelMlp(train, { ...options, epochs: 3, seed: 8 });
    expect(b.weights).toEqual(a.weights);
    expect(c.weights.hiddenWeight).not.toEqual(a.weights.hiddenWeight);
  });

  it('lays weights out as 1×1 convolutions use them (hidden × inputs, classes × hidden)', () => {
    const { weights } = fitPixelMlp(xorSamples(100, 4), { ...options, epochs: 1 });
    expect(weights.hiddenWeight.length).toBe(12 * 2);
    expect(weights.hiddenBias.length).toBe(12);
    expect(weights.outputWeight.length).toBe(2 * 12);
    expect(weights.outputBias.length).toBe(2);
  });
});
