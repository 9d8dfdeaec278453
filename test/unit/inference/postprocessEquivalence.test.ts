import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PredictionPostProcessor } from '../../../electron/core/inference/postProcess.js';
import type { StoredPrediction } from '../../../electron/core/store/predictions.js';
import { scoreStatistics, softmaxStatistics } from '../../../electron/core/inference/probabilities.js';
import { encodeProbs } from '../../../electron/core/inference/probsBlob.js';
import { contentRegion, outputMapping, planResize, type ResizePlan } from '../../../electron/core/inference/resizePlan.js';
import { upsampleArgmax, upsampleArgmaxInto } from '../../../electron/core/inference/upsampleArgmax.js';
import { deflateLabelMap, inflateLabelMap } from '../../../electron/core/store/labelMapBlob.js';
import { createRandom, type Random } from '../../../models/random.js';

/**
 * The worker's fused post-processing against a straightforward reference: a finiteness check,
 * then per pixel the softmax and statistics with the arithmetic stored predictions have always
 * used, a separate argmax pass over the float32 probabilities, and every class interpolated at
 * every original pixel. Label maps, probability blobs and class fractions must be identical
 * byte for byte, entropy and margin identical as numbers.
 */
interface Reference {
  finite: boolean;
  probs: Float32Array;
  meanEntropy: number;
  meanMargin: number;
  labels: Uint8Array;
}

function referencePostProcess(scores: Float32Array, offset: number, classes: number, w: number, h: number, kind: 'logits' | 'probabilities', plan: ResizePlan, lut: Uint8Array): Reference {
  const pixels = w * h;
  const slice = scores.subarray(offset, offset + classes * pixels);
  const finite = slice.every((v) => Number.isFinite(v));
  const probs = new Float32Array(classes * pixels);
  const region = contentRegion(plan, w, h);
  let entropySum = 0;
  let marginSum = 0;
  for (let p = 0; p < pixels; p++) {
    const values = Array.from({ length: classes }, (_, k) => slice[k * pixels + p]!);
    let q: number[];
    let entropy = 0;
    if (kind === 'logits') {
      const max = values.reduce((a, b) => (b > a ? b : a), -Infinity);
      const e = values.map((v) => Math.exp(v - max));
      const sum = e.reduce((a, b) => a + b, 0);
      const weighted = e.reduce((a, v, k) => a + v * (values[k]! - max), 0);
      q = e.map((v) => v * (1 / sum));
      entropy = Math.log(sum) - weighted * (1 / sum);
    } else {
      q = values;
      for (const v of q) if (v > 0) entropy -= v * Math.log(v);
    }
    q.forEach((v, k) => (probs[k * pixels + p] = v));
    let best = 0;
    let second = 0;
    for (const v of q) {
      if (v > best) [second, best] = [best, v];
      else if (v > second) second = v;
    }
    const x = p % w;
    const y = Math.floor(p / w);
    if (x >= region.x0 && x < region.x1 && y >= region.y0 && y < region.y1) {
      entropySum += entropy;
      marginSum += best - second;
    }
  }
  const counted = Math.max(1, (region.x1 - region.x0) * (region.y1 - region.y0));
  const mapping = outputMapping(plan, w, h);
  const labels = new Uint8Array(plan.srcW * plan.srcH);
  const clamp = (v: number, n: number): number => Math.min(n - 1, Math.max(0, v));
  for (let y = 0; y < plan.srcH; y++) {
    const v = clamp((y + 0.5) * mapping.ay + mapping.by - 0.5, h);
    const y0 = Math.floor(v);
    const y1 = Math.min(h - 1, y0 + 1);
    const wy = Math.fround(v - y0);
    for (let x = 0; x < plan.srcW; x++) {
      const u = clamp((x + 0.5) * mapping.ax + mapping.bx - 0.5, w);
      const x0 = Math.floor(u);
      const x1 = Math.min(w - 1, x0 + 1);
      const wx = Math.fround(u - x0);
      let best = -Infinity;
      let arg = 0;
      for (let k = 0; k < classes; k++) {
        const at = (xx: number, yy: number): number => probs[k * pixels + yy * w + xx]!;
        const top = at(x0, y0) + (at(x1, y0) - at(x0, y0)) * wx;
        const bottom = at(x0, y1) + (at(x1, y1) - at(x0, y1)) * wx;
        const value = top + (bottom - top) * wy;
        if (value > best) [best, arg] = [value, k];
      }
      labels[y * plan.srcW + x] = lut[arg]!;
    }
  }
  return { finite, probs, meanEntropy: entropySum / counted, meanMargin: marginSum / counted, labels };
}

function referenceFractions(labels: Uint8Array, slots: number): Float32Array {
  const counts = new Array<number>(slots).fill(0);
  for (const v of labels) if (v < slots) counts[v]!++;
  return Float32Array.from(counts, (c) => c / labels.length);
}

/** The old quantisation, stored into a Uint8Array as the old encoder did (so NaN became 0). */
function referenceProbsBlob(probs: Float32Array): number[] {
  return Array.from(Uint8Array.from(probs, (p) => Math.round(Math.min(1, Math.max(0, p)) * 255)));
}

type Texture = 'smooth' | 'noise' | 'ties';

/**
 * Score maps of `images` images: smooth blobs (most cells agree, boundaries between), noise (most
 * cells mixed), or small integers (exact ties between classes everywhere). Probabilities are
 * the softmax of such logits, or for ties probabilities in quarters.
 */
function scoreMaps(random: Random, images: number, classes: number, w: number, h: number, kind: 'logits' | 'probabilities', texture: Texture): Float32Array {
  const pixels = w * h;
  const out = new Float32Array(images * classes * pixels);
  for (let i = 0; i < images; i++) {
    const phase = Array.from({ length: classes }, () => random.uniform(0, 6));
    for (let p = 0; p < pixels; p++) {
      const x = p % w;
      const y = Math.floor(p / w);
      const logits = phase.map((f) => {
        if (texture === 'noise') return random.uniform(-6, 6);
        const smooth = 3 * Math.sin(x * 0.6 + f) + 3 * Math.cos(y * 0.5 - f * 1.7) + random.uniform(0, 0.4);
        return texture === 'ties' ? Math.round(smooth / 2) : smooth;
      });
      let values = logits;
      if (kind === 'probabilities') {
        const e = logits.map((v) => Math.exp(v));
        const sum = e.reduce((a, b) => a + b, 0);
        values = e.map((v) => (texture === 'ties' ? Math.round((v / sum) * 4) / 4 : v / sum));
      }
      values.forEach((v, k) => (out[(i * classes + k) * pixels + p] = v));
    }
  }
  return out;
}

function expectSameAsReference(got: StoredPrediction | null, ref: Reference, slots: number, storeProbs: boolean): void {
  expect(got).not.toBeNull();
  const stored = got!;
  expect([stored.width * stored.height]).toEqual([ref.labels.length]);
  expect(Buffer.from(inflateLabelMap(stored.labelMap, stored.width, stored.height, 'label map')).equals(Buffer.from(ref.labels))).toBe(true);
  expect(stored.meanEntropy).toBe(ref.meanEntropy);
  expect(stored.meanMargin).toBe(ref.meanMargin);
  expect(Array.from(stored.classFractions)).toEqual(Array.from(referenceFractions(ref.labels, slots)));
  if (storeProbs) expect(Array.from(stored.probs!.subarray(10))).toEqual(referenceProbsBlob(ref.probs));
  else expect(stored.probs).toBeNull();
}

const scales: Array<{ name: string; srcW: number; srcH: number }> = [
  { name: 'down to half', srcW: 7, srcH: 5 },
  { name: 'same size', srcW: 14, srcH: 10 },
  { name: '1.25×', srcW: 17, srcH: 12 },
  { name: '2.5×', srcW: 35, srcH: 25 },
  { name: '8× (cells pruned)', srcW: 112, srcH: 80 },
];

describe('fused post-processing equals the straightforward reference', () => {
  const w = 14;
  const h = 10;
  for (const { name, srcW, srcH } of scales) {
    it(`gives identical label maps, statistics, fractions and stored probabilities at ${name}`, () => {
      const random = createRandom(srcW * 1000 + srcH);
      let checked = 0;
      for (const classes of [1, 2, 5, 19]) {
        for (const kind of ['logits', 'probabilities'] as const) {
          for (const texture of ['smooth', 'noise', 'ties'] as const) {
            const policy = (['stretch', 'letterbox', 'crop'] as const)[checked % 3]!;
            const plan = planResize(srcW, srcH, w, h, policy);
            const lut = Uint8Array.from({ length: classes }, (_, k) => (k % 3 === 2 ? 255 : k));
            const storeProbs = checked % 2 === 0;
            const post = new PredictionPostProcessor({ kind, lut, projectClassSlots: classes + 1, storeProbs });
            const images = 2;
            const scores = scoreMaps(random, images, classes, w, h, kind, texture);
            for (let i = 0; i < images; i++) {
              const offset = i * classes * w * h;
              const ref = referencePostProcess(scores, offset, classes, w, h, kind, plan, lut);
              expectSameAsReference(post.image(scores, offset, classes, w, h, plan), ref, classes + 1, storeProbs);
              checked++;
            }
          }
        }
      }
      expect(checked).toBe(4 * 2 * 3 * 2);
    });
  }

  it('keeps no state between images: a small map after a large one, from buffers longer than it needs', () => {
    const random = createRandom(11);
    const lut = Uint8Array.from({ length: 6 }, (_, k) => k);
    const post = new PredictionPostProcessor({ kind: 'logits', lut, projectClassSlots: 6, storeProbs: true });
    const large = scoreMaps(random, 1, 6, 20, 16, 'logits', 'noise');
    const small = scoreMaps(random, 1, 6, 5, 4, 'logits', 'smooth');
    const largePlan = planResize(60, 48, 20, 16, 'stretch');
    const smallPlan = planResize(9, 7, 5, 4, 'letterbox');
    expectSameAsReference(post.image(large, 0, 6, 20, 16, largePlan), referencePostProcess(large, 0, 6, 20, 16, 'logits', largePlan, lut), 6, true);
    expectSameAsReference(post.image(small, 0, 6, 5, 4, smallPlan), referencePostProcess(small, 0, 6, 5, 4, 'logits', smallPlan, lut), 6, true);
  });

  it('answers null, as the old finiteness check refused, for a NaN or an infinity anywhere in the image, and only in that image', () => {
    const random = createRandom(5);
    const [classes, w, h] = [3, 6, 5];
    const plan = planResize(12, 10, w, h, 'stretch');
    const post = new PredictionPostProcessor({ kind: 'logits', lut: Uint8Array.from([0, 1, 2]), projectClassSlots: 3, storeProbs: false });
    for (const bad of [Number.NaN, Infinity, -Infinity]) {
      for (const at of [0, 17, classes * w * h - 1]) {
        for (const kind of ['logits', 'probabilities'] as const) {
          const scores = scoreMaps(random, 2, classes, w, h, kind, 'smooth');
          scores[at] = bad;
          const kindPost = new PredictionPostProcessor({ kind, lut: Uint8Array.from([0, 1, 2]), projectClassSlots: 3, storeProbs: false });
          expect(kindPost.image(scores, 0, classes, w, h, plan), `${bad} at ${at} (${kind})`).toBeNull();
          expectSameAsReference(kindPost.image(scores, classes * w * h, classes, w, h, plan), referencePostProcess(scores, classes * w * h, classes, w, h, kind, plan, Uint8Array.from([0, 1, 2])), 3, false);
        }
      }
    }
    expect(post.image(scoreMaps(random, 1, classes, w, h, 'logits', 'noise'), 0, classes, w, h, plan)).not.toBeNull();
  });

  it('keeps scoreStatistics and upsampleArgmax (used by label quality and slices) identical to the reference', () => {
    const random = createRandom(23);
    for (const [classes, srcW, srcH, texture] of [
      [4, 9, 7, 'ties'],
      [8, 40, 30, 'smooth'],
      [3, 56, 40, 'noise'],
    ] as const) {
      const scores = scoreMaps(random, 1, classes, 14, 10, 'logits', texture);
      const plan = planResize(srcW, srcH, 14, 10, 'letterbox');
      const lut = Uint8Array.from({ length: classes }, (_, k) => k);
      const ref = referencePostProcess(scores, 0, classes, 14, 10, 'logits', plan, lut);
      const stats = scoreStatistics({ scores, offset: 0, classes, w: 14, h: 10, kind: 'logits' }, contentRegion(plan, 14, 10));
      expect(Buffer.from(stats.probs.buffer).equals(Buffer.from(ref.probs.buffer))).toBe(true);
      expect([stats.meanEntropy, stats.meanMargin]).toEqual([ref.meanEntropy, ref.meanMargin]);
      expect(Buffer.from(upsampleArgmax(stats.probs, { classes, outW: 14, outH: 10, mapping: outputMapping(plan, 14, 10), srcW, srcH, lut })).equals(Buffer.from(ref.labels))).toBe(true);
    }
  });
});

describe('fused softmax pass', () => {
  it('takes the best class from the stored float32 probabilities: logits 1e-9 apart tie there, and the lower id wins', () => {
    // In float64 class 1 is ahead (e^0 against e^−1e−9); rounded to float32 both are 0.5.
    const probs = new Float32Array(2);
    const argmax = new Uint8Array(1);
    const stats = softmaxStatistics({ scores: Float32Array.from([-1e-9, 0]), offset: 0, classes: 2, w: 1, h: 1, kind: 'logits' }, { x0: 0, x1: 1, y0: 0, y1: 1 }, { probs, argmax });
    expect(Array.from(probs)).toEqual([0.5, 0.5]);
    expect(argmax[0]).toBe(0);
    expect(stats.finite).toBe(true);
    expect(stats.meanMargin).toBeGreaterThan(0);
    expect(stats.meanMargin).toBeLessThan(1e-8);
  });

  it('refuses a target smaller than the score map', () => {
    expect(() => softmaxStatistics({ scores: new Float32Array(8), offset: 0, classes: 2, w: 2, h: 2, kind: 'logits' }, { x0: 0, x1: 2, y0: 0, y1: 2 }, { probs: new Float32Array(7), argmax: null })).toThrow(RangeError);
    expect(() => softmaxStatistics({ scores: new Float32Array(8), offset: 0, classes: 2, w: 2, h: 2, kind: 'logits' }, { x0: 0, x1: 2, y0: 0, y1: 2 }, { probs: new Float32Array(8), argmax: new Uint8Array(3) })).toThrow(RangeError);
  });
});

describe('upsampling into a reused buffer', () => {
  it('writes only the first srcW·srcH labels', () => {
    // Score map 2×1: (0.9, 0.1) then (0.2, 0.8); a 4×1 image reads it as 0, 0, 1, 1.
    const out = new Uint8Array(6).fill(9);
    const mapping = outputMapping(planResize(4, 1, 2, 1, 'stretch'), 2, 1);
    upsampleArgmaxInto(Float32Array.from([0.9, 0.2, 0.1, 0.8]), Uint8Array.from([0, 1]), { classes: 2, outW: 2, outH: 1, mapping, srcW: 4, srcH: 1, lut: Uint8Array.from([0, 1]) }, out);
    expect(Array.from(out)).toEqual([0, 0, 1, 1, 9, 9]);
  });

  it('fills a 64×48 image from one agreeing cell without interpolating and keeps boundaries at every pixel', () => {
    // Left column class 0, right column class 1: the image splits in the middle; a 1×1 map is all class 1.
    const mapping = outputMapping(planResize(64, 48, 2, 2, 'stretch'), 2, 2);
    const probs = Float32Array.from([0.7, 0.3, 0.7, 0.3, 0.3, 0.7, 0.3, 0.7]);
    const labels = upsampleArgmax(probs, { classes: 2, outW: 2, outH: 2, mapping, srcW: 64, srcH: 48, lut: Uint8Array.from([4, 6]) });
    for (let y = 0; y < 48; y++) expect(Array.from(labels.subarray(y * 64, y * 64 + 64))).toEqual([...Array<number>(32).fill(4), ...Array<number>(32).fill(6)]);
    const one = upsampleArgmax(Float32Array.from([0.2, 0.8]), { classes: 2, outW: 1, outH: 1, mapping: outputMapping(planResize(64, 48, 1, 1, 'stretch'), 1, 1), srcW: 64, srcH: 48, lut: Uint8Array.from([4, 6]) });
    expect(one.every((v) => v === 6)).toBe(true);
  });
});

describe('stored probabilities and label maps', () => {
  it('quantises probabilities exactly as round(clamp(p, 0, 1) · 255), edges included', () => {
    const random = createRandom(3);
    const edges = [0, -0, 0.5, 127.5 / 255, 0.5 / 255, 1.5 / 255, 1, 1.7, -0.2, Number.NaN, Infinity, -Infinity, 1e-30, 0.99999994];
    const values = Float32Array.from([...edges, ...Array.from({ length: 2000 }, () => random.next()), ...Array.from({ length: 255 }, (_, i) => (i + 0.5) / 255)]);
    const blob = encodeProbs(values, 1, 1, values.length);
    expect(Array.from(blob.subarray(10))).toEqual(referenceProbsBlob(values));
  });

  it('compresses label maps the fast way into plain zlib data that inflates to the same labels, smaller than level 1 did', () => {
    const random = createRandom(9);
    const labels = new Uint8Array(160 * 120);
    for (let y = 0; y < 120; y++) for (let x = 0; x < 160; x++) labels[y * 160 + x] = (Math.floor(x / 23 + Math.sin(y / 9) * 2) + (random.next() < 0.01 ? 1 : 0)) % 8;
    const fast = deflateLabelMap(labels, 'fast');
    expect(Buffer.from(inflateSync(fast)).equals(Buffer.from(labels))).toBe(true);
    expect(Buffer.from(inflateLabelMap(fast, 160, 120, 'label map')).equals(Buffer.from(labels))).toBe(true);
    expect(fast.length).toBeLessThan(deflateSync(labels, { level: 1 }).length);
  });
});
