import { ExactSum } from './exactSum.js';
import { BUCKETS, orderKey } from './orderKey.js';
import type { GatherPartial, SearchConfig } from './passPlan.js';
import { softminOfPrefix } from './softmin.js';
import type { ImageView, WorkingLabels } from './types.js';

/**
 * First pass: per image the softmin score (full resolution) and the labelled-pixel count; over all images
 * the per-class sums of p(label) (exact, via per-image float64 sums) and counts that give the confident
 * thresholds, and the histogram of self-confidence keys used to find the Q least confident pixels.
 * It reads one probability per pixel, so it costs a small fraction of the count pass.
 */
export class GatherKernel {
  readonly needsWorking: boolean;
  private readonly K: number;
  private readonly fullPixels: number;
  private readonly workPixels: number;
  private readonly temperature: number | null;
  private readonly validPixels: number[] = [];
  private readonly softmin: number[] = [];
  private readonly confidences: Float32Array | null;
  private readonly imageSums: Float64Array;
  private readonly classCounts: Float64Array;
  private readonly classSums: ExactSum[];
  private readonly histogram: Float64Array;
  /** Counted in uint32 in the loop (faster), moved to `histogram` before a bucket could overflow. */
  private readonly recent: Uint32Array;
  private recentPixels = 0;

  constructor(config: SearchConfig, softminTemperature: number | null, thresholds: boolean) {
    const D = config.downsample;
    this.K = config.K;
    this.fullPixels = config.H * config.W;
    this.workPixels = this.fullPixels / (D * D);
    this.temperature = softminTemperature;
    this.needsWorking = thresholds;
    this.confidences = softminTemperature === null ? null : new Float32Array(this.fullPixels);
    this.imageSums = new Float64Array(thresholds ? config.K : 0);
    this.classCounts = new Float64Array(thresholds ? config.K : 0);
    this.classSums = thresholds ? Array.from({ length: config.K }, () => new ExactSum()) : [];
    this.histogram = new Float64Array(thresholds ? BUCKETS : 0);
    this.recent = new Uint32Array(thresholds ? BUCKETS : 0);
  }

  /** `work` is `full` unless downsampling; the thresholds and histogram use it, softmin never does. */
  image(full: ImageView, work: ImageView): void {
    const { K, confidences } = this;
    const thresholds = this.needsWorking;
    const fused = thresholds && work === full;
    if (thresholds && this.recentPixels + this.workPixels > 0xffffffff) this.flushHistogram();
    const valid = gather(full, K, this.fullPixels, fused ? this.imageSums : null, this.classCounts, this.recent, confidences);
    if (thresholds && !fused) gather(work, K, this.workPixels, this.imageSums, this.classCounts, this.recent, null);
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

/** One loop over an image's labelled pixels; `sums` null means only count them (and collect confidences). */
function gather(
  view: ImageView,
  K: number,
  pixels: number,
  sums: Float64Array | null,
  counts: Float64Array,
  histogram: Uint32Array,
  confidences: Float32Array | null,
): number {
  const labels: WorkingLabels = view.labels;
  const { labelOffset, probs, bits, probOffset } = view;
  let valid = 0;
  for (let i = 0; i < pixels; i++) {
    const label = labels[labelOffset + i]!;
    if (label >= K) continue;
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
