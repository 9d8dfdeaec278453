import { describe, expect, it } from 'vitest';
import { CountKernel } from '../../../shared/quality/countKernel.js';
import type { SearchConfig } from '../../../shared/quality/passPlan.js';
import { SimdArgmax, simdAvailable } from '../../../shared/quality/simdArgmax.js';
import type { ImageView } from '../../../shared/quality/types.js';
import { ignoredLabel } from '../../../shared/quality/workingLabels.js';
import { randomCase, rng } from './referenceModel.js';

function jsArgmax(probs: Float32Array, K: number, pixels: number): { best: number[]; predicted: number[] } {
  const best: number[] = [];
  const predicted: number[] = [];
  for (let i = 0; i < pixels; i++) {
    let top = probs[i]!;
    let pred = 0;
    for (let k = 1; k < K; k++) {
      if (probs[k * pixels + i]! > top) {
        top = probs[k * pixels + i]!;
        pred = k;
      }
    }
    best.push(top);
    predicted.push(pred);
  }
  return { best, predicted };
}

describe.skipIf(!simdAvailable())('SIMD argmax', () => {
  it('equals the plane-by-plane argmax, lowest index on ties and NaN never winning, for any pixel count', () => {
    const simd = new SimdArgmax();
    const random = rng(5);
    for (const [K, pixels] of [
      [1, 7],
      [3, 4],
      [6, 13],
      [21, 258],
      [5, 1],
    ] as const) {
      const probs = Float32Array.from({ length: 2 + K * pixels }, () => Math.round(random() * 6) / 6);
      probs[2 + pixels + 1] = Number.NaN;
      const expected = jsArgmax(probs.subarray(2), K, pixels);
      const result = simd.argmax(probs, 2, K, pixels);
      expect(Array.from(result.predicted)).toEqual(expected.predicted);
      expect(Array.from(result.best)).toEqual(expected.best);
    }
  });
});

describe('CountKernel', () => {
  it('counts the same issues with the SIMD argmax and with the JavaScript loop', () => {
    for (const K of [2, 5, 8, 21]) {
      const H = 6;
      const W = 10;
      const N = 3;
      const { labels, probs } = randomCase(K, N, K, H, W, 5);
      const config: SearchConfig = { K, H, W, downsample: 1, labelMode: 'majority', ignoreIndex: null };
      const cuts = Array.from({ length: K }, (_, k) => 0.2 + (k % 3) * 0.1);
      const bits = new Uint32Array(probs.buffer);
      const run = (simd: boolean): number => {
        const kernel = new CountKernel(config, cuts, simd);
        for (let n = 0; n < N; n++) {
          const view: ImageView = { index: n, labels, labelOffset: n * H * W, unlabelled: ignoredLabel(K), probs, bits, probOffset: n * K * H * W };
          kernel.image(view, view);
        }
        return kernel.finish().issues;
      };
      if (simdAvailable()) expect(run(true)).toBe(run(false));
      expect(run(false)).toBeGreaterThan(0);
    }
  });
});
