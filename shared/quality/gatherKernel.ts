import { ExactSum } from './exactSum.js';
import { BUCKETS, orderKey } from './orderKey.js';
import type { GatherPartial, SearchConfig } from './passPlan.js';
import { softminOfPrefix, softminTableFor } from './softmin.js';
import type { SoftminTable } from './softminTable.js';
import type { ImageView, WorkingLabels } from './types.js';
import { invalidLabel } from './workingLabels.js';

/** Pixels per call of the softmin-only loop (see spanSoftmin). */
const SPAN = 4096;

/**
 * First pass: per image the softmin score (full resolution) and the labelled-pixel count; over all images
 * the per-class sums of p(label) (exact, via per-image float64 sums) and counts that give the confident
 * thresholds, and the histogram of self-confidence keys used to find the Q least confident pixels.
 * It reads one probability per pixel, so it costs a small fraction of the count pass. Its loops over the
 * labels also report the first invalid label (see ImageView.unlabelled): images come in order and each one's
 * full-resolution labels are read in pixel order, so the label reported is the first in (image, pixel) order,
 * as a separate scan would find it.
 */
export class GatherKernel {
  readonly needsWorking: boolean;
  private readonly config: SearchConfig;
  private readonly K: number;
  private readonly fullPixels: number;
  private readonly workPixels: number;
  private readonly temperature: number | null;
  private readonly validPixels: number[] = [];
  private readonly softmin: number[] = [];
  private readonly confidences: Float32Array | null;
  /** The one-loop softmin of a softmin-only pass; null when thresholds are gathered too, or too cold a temperature. */
  private readonly softminTable: SoftminTable | null;
  private readonly softminSums = new Float64Array(2);
  private readonly imageSums: Float64Array;
  private readonly classCounts: Float64Array;
  private readonly classSums: ExactSum[];
  private readonly histogram: Float64Array;
  /** Counted in uint32 in the loop (faster), moved to `histogram` before a bucket could overflow. */
  private readonly recent: Uint32Array;
  private recentPixels = 0;

  constructor(config: SearchConfig, softminTemperature: number | null, thresholds: boolean) {
    const D = config.downsample;
    this.config = config;
    this.K = config.K;
    this.fullPixels = config.H * config.W;
    this.workPixels = this.fullPixels / (D * D);
    this.temperature = softminTemperature;
    this.needsWorking = thresholds;
    this.confidences = softminTemperature === null ? null : new Float32Array(this.fullPixels);
    this.softminTable = softminTemperature === null || thresholds ? null : softminTableFor(softminTemperature);
    this.imageSums = new Float64Array(thresholds ? config.K : 0);
    this.classCounts = new Float64Array(thresholds ? config.K : 0);
    this.classSums = thresholds ? Array.from({ length: config.K }, () => new ExactSum()) : [];
    this.histogram = new Float64Array(thresholds ? BUCKETS : 0);
    this.recent = new Uint32Array(thresholds ? BUCKETS : 0);
  }

  /** `work` is `full` unless downsampling; the thresholds and histogram use it, softmin never does. */
  image(full: ImageView, work: ImageView): void {
    const { config, K, confidences } = this;
    const thresholds = this.needsWorking;
    const fused = thresholds && work === full;
    if (this.softminTable !== null) {
      const valid = gatherSoftmin(full, config, this.fullPixels, this.softminTable, this.softminSums);
      if (valid >= 0) {
        this.validPixels.push(valid);
        this.softmin.push(valid === 0 ? 1 : this.softminSums[0]! / this.softminSums[1]!);
        return;
      }
    }
    if (thresholds && this.recentPixels + this.workPixels > 0xffffffff) this.flushHistogram();
    const valid = gather(full, config, this.fullPixels, fused ? this.imageSums : null, this.classCounts, this.recent, confidences);
    if (thresholds && !fused) gather(work, config, this.workPixels, this.imageSums, this.classCounts, this.recent, null);
    this.recentPixels += this.workPixels;
    this.validPixels.push(valid);
    if (confidences !== null && this.temperature !== null) {
      this.softmin.push(valid === 0 ? 1 : softminOfPrefix(confidences, valid, this.temperature));
    }
    if (thresholds) {
      for (let k = 0; k < K; k++) {
        const sum = this.imageSums[k]!;
        if (sum !== 0) this.classSums[k]!.add(sum);
      }
      this.imageSums.fill(0);
    }
  }

  private flushHistogram(): void {
    for (let b = 0; b < BUCKETS; b++) this.histogram[b] = this.histogram[b]! + this.recent[b]!;
    this.recent.fill(0);
    this.recentPixels = 0;
  }

  finish(): GatherPartial {
    const thresholds = this.needsWorking;
    if (thresholds) this.flushHistogram();
    return {
      kind: 'gather',
      images: this.validPixels.length,
      validPixels: Float64Array.from(this.validPixels),
      softmin: this.temperature === null ? null : Float64Array.from(this.softmin),
      classCounts: thresholds ? this.classCounts : null,
      classSums: thresholds ? this.classSums.map((sum) => sum.toPartials()) : null,
      histogram: thresholds ? this.histogram : null,
    };
  }
}

/**
 * One loop over an image's labelled pixels; `sums` null means only count them (and collect confidences).
 * A downsampled view holds only class indices and its `unlabelled` value: only a full-resolution one can hold an invalid label.
 */
function gather(
  view: ImageView,
  config: SearchConfig,
  pixels: number,
  sums: Float64Array | null,
  counts: Float64Array,
  histogram: Uint32Array,
  confidences: Float32Array | null,
): number {
  const labels: WorkingLabels = view.labels;
  const { labelOffset, unlabelled, probs, bits, probOffset } = view;
  const { K } = config;
  let valid = 0;
  for (let i = 0; i < pixels; i++) {
    const label = labels[labelOffset + i]!;
    if (label >= K) {
      if (label !== unlabelled) throw invalidLabel(label, view.index, i, K, config.W, config.ignoreIndex);
      continue;
    }
    const at = probOffset + label * pixels + i;
    const p = probs[at]!;
    if (confidences !== null) confidences[valid] = p;
    valid++;
    if (sums !== null) {
      sums[label] = sums[label]! + p;
      counts[label] = counts[label]! + 1;
      const bucket = orderKey(bits[at]!) >>> 16;
      histogram[bucket] = histogram[bucket]! + 1;
    }
  }
  return valid;
}

/**
 * A softmin-only pass in one loop: per labelled pixel p(label) and its table weight exp(−p/t), four pixels
 * an iteration while all four are labelled. Returns the labelled-pixel count with Σ p·w and Σ w in
 * `sums`, or −1 as soon as a probability lies outside [0, 1] (or is NaN): such an image takes the shifted path.
 */
function gatherSoftmin(view: ImageView, config: SearchConfig, pixels: number, weights: SoftminTable, sums: Float64Array): number {
  sums.fill(0);
  let valid = 0;
  for (let start = 0; start < pixels; start += SPAN) {
    const count = spanSoftmin(view, config, pixels, start, Math.min(start + SPAN, pixels), weights, sums);
    if (count < 0) return -1;
    valid += count;
  }
  return valid;
}

/**
 * Pixels start..end of one image. Short spans let V8 optimise this function as a whole: a whole image per call
 * was optimised mid-loop (on-stack replacement) with no type feedback for the code after the loop, and
 * deoptimised on every image of a run's first pass, one and a half times slower.
 */
function spanSoftmin(view: ImageView, config: SearchConfig, pixels: number, start: number, end: number, weights: SoftminTable, sums: Float64Array): number {
  const labels: WorkingLabels = view.labels;
  const { labelOffset, unlabelled, probs, probOffset } = view;
  const { K } = config;
  const { table, steps, step, c1, c2, c3, c4 } = weights;
  // Two pairs of sums halve the chains of dependent additions.
  let weightedA = 0;
  let totalA = 0;
  let weightedB = 0;
  let totalB = 0;
  let valid = 0;
  let i = start;
  while (i < end) {
    if (i + 4 <= end) {
      const at = labelOffset + i;
      const la = labels[at]!;
      const lb = labels[at + 1]!;
      const lc = labels[at + 2]!;
      const ld = labels[at + 3]!;
      if (la < K && lb < K && lc < K && ld < K) {
        const p = probOffset + i;
        const a = probs[p + la * pixels]!;
        const b = probs[p + 1 + lb * pixels]!;
        const c = probs[p + 2 + lc * pixels]!;
        const d = probs[p + 3 + ld * pixels]!;
        if (!(a >= 0 && a <= 1 && b >= 0 && b <= 1 && c >= 0 && c <= 1 && d >= 0 && d <= 1)) return -1;
        const ka = (a * steps) | 0;
        const kb = (b * steps) | 0;
        const kc = (c * steps) | 0;
        const kd = (d * steps) | 0;
        const ra = a - ka * step;
        const rb = b - kb * step;
        const rc = c - kc * step;
        const rd = d - kd * step;
        const wa = table[ka]! * (1 + ra * (c1 + ra * (c2 + ra * (c3 + ra * c4))));
        const wb = table[kb]! * (1 + rb * (c1 + rb * (c2 + rb * (c3 + rb * c4))));
        const wc = table[kc]! * (1 + rc * (c1 + rc * (c2 + rc * (c3 + rc * c4))));
        const wd = table[kd]! * (1 + rd * (c1 + rd * (c2 + rd * (c3 + rd * c4))));
        weightedA += a * wa + c * wc;
        totalA += wa + wc;
        weightedB += b * wb + d * wd;
        totalB += wb + wd;
        valid += 4;
        i += 4;
        continue;
      }
    }
    // A group with an unlabelled (or invalid) pixel, or the last pixels of an image whose size is not a multiple of 4.
    const groupEnd = Math.min(i + 4, end);
    for (; i < groupEnd; i++) {
      const label = labels[labelOffset + i]!;
      if (label >= K) {
        if (label !== unlabelled) throw invalidLabel(label, view.index, i, K, config.W, config.ignoreIndex);
        continue;
      }
      const v = probs[probOffset + label * pixels + i]!;
      if (!(v >= 0 && v <= 1)) return -1;
      const w = weights.weight(v);
      weightedA += v * w;
      totalA += w;
      valid++;
    }
  }
  sums[0] = sums[0]! + weightedA + weightedB;
  sums[1] = sums[1]! + totalA + totalB;
  return valid;
}
