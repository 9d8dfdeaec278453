import type { CountPartial, SearchConfig } from './passPlan.js';
import { SimdArgmax, simdAvailable } from './simdArgmax.js';
import type { ImageView } from './types.js';

/**
 * Second pass: the estimated number of label issues Q, the pixels whose predicted class (argmax, lowest
 * index on ties) differs from the label and whose predicted probability reaches that class's threshold
 * minus 1e-6. The only pass that reads every class probability: the argmax runs in WebAssembly SIMD where
 * available, else in a JavaScript loop over the class planes in order; both give the same result.
 */
export class CountKernel {
  readonly needsWorking = true;
  private readonly K: number;
  private readonly pixels: number;
  private readonly cuts: Float64Array;
  private readonly best: Float32Array;
  private readonly predicted: Uint8Array | Uint16Array;
  private readonly simd: SimdArgmax | null;
  private images = 0;
  private issues = 0;

  constructor(config: SearchConfig, cuts: readonly number[], simd = simdAvailable()) {
    const D = config.downsample;
    this.K = config.K;
    this.pixels = (config.H * config.W) / (D * D);
    this.cuts = Float64Array.from(cuts);
    this.best = new Float32Array(simd ? 0 : this.pixels);
    this.predicted = config.K <= 256 ? new Uint8Array(simd ? 0 : this.pixels) : new Uint16Array(simd ? 0 : this.pixels);
    this.simd = simd ? new SimdArgmax() : null;
  }

  image(_full: ImageView, work: ImageView): void {
    const { K, pixels, cuts } = this;
    const { labels, labelOffset, probs, probOffset } = work;
    const { best, predicted } = this.simd === null ? this.argmax(probs, probOffset) : this.simd.argmax(probs, probOffset, K, pixels);
    let issues = 0;
    for (let i = 0; i < pixels; i++) {
      const label = labels[labelOffset + i]!;
      if (label >= K) continue;
      const pred = predicted[i]!;
      if (pred !== label && best[i]! >= cuts[pred]!) issues++;
    }
    this.issues += issues;
    this.images++;
  }

  private argmax(probs: Float32Array, probOffset: number): { best: Float32Array; predicted: Uint8Array | Uint16Array } {
    const { K, pixels, best, predicted } = this;
    best.set(probs.subarray(probOffset, probOffset + pixels));
    predicted.fill(0);
    let k = 1;
    // Four planes at a time: one load and one test of the running maximum per four probabilities
    // (a third faster than plane by plane); the order of the tests keeps the lowest index on ties.
    for (; k + 3 < K; k += 4) {
      const plane = probOffset + k * pixels;
      for (let i = 0; i < pixels; i++) {
        const max = best[i]!;
        const at = plane + i;
        const p0 = probs[at]!;
        const p1 = probs[at + pixels]!;
        const p2 = probs[at + 2 * pixels]!;
        const p3 = probs[at + 3 * pixels]!;
        if (p0 > max || p1 > max || p2 > max || p3 > max) {
          let top = max;
          let pred = predicted[i]!;
          if (p0 > top) {
            top = p0;
            pred = k;
          }
          if (p1 > top) {
            top = p1;
            pred = k + 1;
          }
          if (p2 > top) {
            top = p2;
            pred = k + 2;
          }
          if (p3 > top) {
            top = p3;
            pred = k + 3;
          }
          best[i] = top;
          predicted[i] = pred;
        }
      }
    }
    for (; k < K; k++) {
      const plane = probOffset + k * pixels;
      for (let i = 0; i < pixels; i++) {
        const p = probs[plane + i]!;
        if (p > best[i]!) {
          best[i] = p;
          predicted[i] = k;
        }
      }
    }
    return { best, predicted };
  }

  finish(): CountPartial {
    return { kind: 'count', images: this.images, issues: this.issues };
  }
}
