import { describe, expect, it } from 'vitest';
import { allFinite, scoreStatistics } from '../../../electron/core/inference/probabilities.js';
import { decodeProbs, encodeProbs, probsBlobBytes } from '../../../electron/core/inference/probsBlob.js';
import { contentRegion, outputMapping, planResize } from '../../../electron/core/inference/resizePlan.js';
import { upsampleArgmax } from '../../../electron/core/inference/upsampleArgmax.js';

const identity = Uint8Array.from([0, 1, 2, 3]);

const everywhere = (w: number, h: number) => ({ x0: 0, x1: w, y0: 0, y1: h });

describe('probabilities and uncertainty', () => {
  it('applies a softmax over the channels of each pixel for logits', () => {
    // Pixel 0: logits (0, ln 3) → (0.25, 0.75); pixel 1: (1000, 1000) → (0.5, 0.5) without overflow.
    const { probs } = scoreStatistics({ scores: Float32Array.from([0, 1000, Math.log(3), 1000]), offset: 0, classes: 2, w: 2, h: 1, kind: 'logits' }, everywhere(2, 1));
    expect(Array.from(probs)).toEqual([expect.closeTo(0.25, 6), 0.5, expect.closeTo(0.75, 6), 0.5]);
  });

  it('copies probabilities as they are, from the image offset', () => {
    const { probs } = scoreStatistics({ scores: Float32Array.from([9, 9, 0.25, 0.75]), offset: 2, classes: 2, w: 1, h: 1, kind: 'probabilities' }, everywhere(1, 1));
    expect(Array.from(probs)).toEqual([0.25, 0.75]);
  });

  it('averages entropy and margin per pixel, the same from logits and from probabilities', () => {
    // Pixel 0: (0.5, 0.5) → entropy ln 2, margin 0; pixel 1: (0.25, 0.75) → 0.5623…, margin 0.5.
    const h1 = -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75));
    const fromProbs = scoreStatistics({ scores: Float32Array.from([0.5, 0.25, 0.5, 0.75]), offset: 0, classes: 2, w: 2, h: 1, kind: 'probabilities' }, everywhere(2, 1));
    expect(fromProbs.meanEntropy).toBeCloseTo((Math.LN2 + h1) / 2, 6);
    expect(fromProbs.meanMargin).toBeCloseTo(0.25, 6);
    const fromLogits = scoreStatistics({ scores: Float32Array.from([2, 0, 2, Math.log(3)]), offset: 0, classes: 2, w: 2, h: 1, kind: 'logits' }, everywhere(2, 1));
    expect(fromLogits.meanEntropy).toBeCloseTo((Math.LN2 + h1) / 2, 6);
    expect(fromLogits.meanMargin).toBeCloseTo(0.25, 6);
  });

  it('leaves letterbox padding out of the means', () => {
    // Only pixel 1 (certain: entropy 0, margin 1) is inside the region.
    const stats = scoreStatistics({ scores: Float32Array.from([0.5, 1, 0.5, 0]), offset: 0, classes: 2, w: 2, h: 1, kind: 'probabilities' }, { x0: 1, x1: 2, y0: 0, y1: 1 });
    expect(stats.meanEntropy).toBe(0);
    expect(stats.meanMargin).toBe(1);
  });

  it('tells non-finite scores apart', () => {
    expect(allFinite(Float32Array.from([1, -2, 0]))).toBe(true);
    expect(allFinite(Float32Array.from([1, Number.NaN]))).toBe(false);
    expect(allFinite(Float32Array.from([Infinity]))).toBe(false);
  });
});

describe('argmax at the original size', () => {
  it('upsamples probabilities bilinearly before the argmax', () => {
    // Score map 2×1: pixel 0 = (0.9, 0.1), pixel 1 = (0.2, 0.8); image 4×1 stretched onto it.
    // Image x samples the map at u = (x + 0.5)/2 − 0.5: −0.25→0 (class 0), 0.25 (0.725 vs 0.275: 0),
    // 0.75 (0.375 vs 0.625: 1), 1.25→1 (class 1).
    const probs = Float32Array.from([0.9, 0.2, 0.1, 0.8]);
    const plan = planResize(4, 1, 2, 1, 'stretch');
    expect(Array.from(upsampleArgmax(probs, { classes: 2, outW: 2, outH: 1, mapping: outputMapping(plan, 2, 1), srcW: 4, srcH: 1, lut: identity }))).toEqual([0, 0, 1, 1]);
  });

  it('writes labels through the class lookup (mapped ids, 255 for unmapped)', () => {
    const probs = Float32Array.from([0.9, 0.2, 0.1, 0.8]);
    const plan = planResize(2, 1, 2, 1, 'stretch');
    expect(Array.from(upsampleArgmax(probs, { classes: 2, outW: 2, outH: 1, mapping: outputMapping(plan, 2, 1), srcW: 2, srcH: 1, lut: Uint8Array.from([7, 255]) }))).toEqual([7, 255]);
  });

  it('reads a score map smaller than the input (output stride 2) at every original pixel', () => {
    // Input 4×2, score map 2×1; a 4×2 image. Columns map like the first case; both rows alike.
    const probs = Float32Array.from([0.9, 0.2, 0.1, 0.8]);
    const plan = planResize(4, 2, 4, 2, 'stretch');
    expect(Array.from(upsampleArgmax(probs, { classes: 2, outW: 2, outH: 1, mapping: outputMapping(plan, 2, 1), srcW: 4, srcH: 2, lut: identity }))).toEqual([0, 0, 1, 1, 0, 0, 1, 1]);
  });

  it('ignores letterbox padding: a 2×1 image in a 2×2 input only reads the content row', () => {
    const plan = planResize(2, 1, 2, 2, 'letterbox');
    expect(plan).toMatchObject({ offsetY: 0, scaledH: 1 });
    // Row 0 (content): class 0 then class 1; row 1 (padding): class 2 everywhere.
    const probs = Float32Array.from([0.8, 0.1, 0, 0, 0.1, 0.8, 0, 0, 0.1, 0.1, 1, 1]);
    expect(Array.from(upsampleArgmax(probs, { classes: 3, outW: 2, outH: 2, mapping: outputMapping(plan, 2, 2), srcW: 2, srcH: 1, lut: identity }))).toEqual([0, 1]);
    expect(contentRegion(plan, 2, 2)).toEqual({ x0: 0, x1: 2, y0: 0, y1: 1 });
  });

  it('maps a centre crop back: the cut-off columns take the nearest visible prediction', () => {
    // 4×1 image, 2×1 input: columns 1 and 2 are seen; 0 and 3 are outside and clamp to the edge.
    const plan = planResize(4, 1, 2, 1, 'crop');
    const probs = Float32Array.from([0.9, 0.2, 0.1, 0.8]);
    expect(Array.from(upsampleArgmax(probs, { classes: 2, outW: 2, outH: 1, mapping: outputMapping(plan, 2, 1), srcW: 4, srcH: 1, lut: identity }))).toEqual([0, 0, 1, 1]);
  });

  it('agrees with interpolating every class at every pixel (the shortcut where four neighbours agree is exact)', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const [k, w, h, srcW, srcH] = [4, 6, 5, 17, 13];
    // Smooth blobs so that most neighbourhoods agree and some straddle a boundary.
    const probs = new Float32Array(k * w * h);
    for (let c = 0; c < k; c++) for (let p = 0; p < w * h; p++) probs[c * w * h + p] = Math.sin((p % w) * 0.7 + c * 1.3) + Math.cos(Math.floor(p / w) * 0.9 - c) + random() * 0.3;
    const plan = planResize(srcW, srcH, w, h, 'letterbox');
    const mapping = outputMapping(plan, w, h);
    const fast = upsampleArgmax(probs, { classes: k, outW: w, outH: h, mapping, srcW, srcH, lut: identity });
    const clamp = (v: number, n: number): number => Math.min(n - 1, Math.max(0, v));
    for (let y = 0; y < srcH; y++) {
      for (let x = 0; x < srcW; x++) {
        const u = clamp((x + 0.5) * mapping.ax + mapping.bx - 0.5, w);
        const v = clamp((y + 0.5) * mapping.ay + mapping.by - 0.5, h);
        const [x0, y0] = [Math.floor(u), Math.floor(v)];
        const [x1, y1] = [Math.min(w - 1, x0 + 1), Math.min(h - 1, y0 + 1)];
        let best = -Infinity;
        let arg = 0;
        for (let c = 0; c < k; c++) {
          const at = (xx: number, yy: number): number => probs[c * w * h + yy * w + xx]!;
          const value = (at(x0, y0) * (1 - (u - x0)) + at(x1, y0) * (u - x0)) * (1 - (v - y0)) + (at(x0, y1) * (1 - (u - x0)) + at(x1, y1) * (u - x0)) * (v - y0);
          if (value > best + 1e-6) [best, arg] = [value, c];
        }
        expect(fast[y * srcW + x], `pixel ${x},${y}`).toBe(arg);
      }
    }
  });

  it('breaks ties towards the lower class id', () => {
    const plan = planResize(1, 1, 1, 1, 'stretch');
    expect(Array.from(upsampleArgmax(Float32Array.from([0.5, 0.5]), { classes: 2, outW: 1, outH: 1, mapping: outputMapping(plan, 1, 1), srcW: 1, srcH: 1, lut: identity }))).toEqual([0]);
  });
});

describe('stored probabilities', () => {
  it('stores probabilities as uint8 with a K×h×w header and reads them back within 1/510', () => {
    const probs = Float32Array.from([0, 0.5, 1, 0.25, 0.75, 0.1]);
    const blob = encodeProbs(probs, 2, 1, 3);
    expect(blob.length).toBe(probsBlobBytes(2, 1, 3));
    expect(Array.from(blob.subarray(0, 4))).toEqual([0x46, 0x4c, 0x50, 0x31]);
    const back = decodeProbs(blob);
    expect(back).toMatchObject({ classes: 2, h: 1, w: 3 });
    back.probs.forEach((p, i) => expect(Math.abs(p - probs[i]!)).toBeLessThanOrEqual(1 / 510 + 1e-7));
    expect(() => decodeProbs(blob.subarray(0, 12))).toThrow(/header says 2×1×3/);
  });
});
