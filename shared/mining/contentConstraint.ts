import { assertNumClasses } from './classLut.js';
import type { ContentConstraint } from './miningParams.js';
import { quantileSorted } from './quantile.js';
import type { StoredClassFractions } from './selectCandidates.js';

/**
 * The content constraint of MAD mining: an image joins class k's subgroup only if the defender
 * predicts a typical amount of k, so a subgroup is not filled with images where k is a speck or
 * covers everything. "Typical" comes from the labelled training masks S0, which callers stream in
 * one mask at a time as per-class pixel counts (a mask never needs to stay in memory).
 */

/** Per-class inclusive bounds on the defender's predicted area, in `measure` units. */
export interface ContentBounds {
  measure: 'fraction' | 'count';
  lower: Float64Array;
  upper: Float64Array;
  /** S0 images that contain each class (0 for custom and off). */
  support: Uint32Array;
}

/**
 * Streams S0 masks: keeps, per class, the area fraction of every image that contains it (for
 * exact quartiles) and a running mean and variance of its pixel count (Welford, for sigma bounds).
 */
export class ClassAreaAccumulator {
  readonly numClasses: number;
  private readonly fractions: number[][];
  private readonly n: Uint32Array;
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;

  constructor(numClasses: number) {
    assertNumClasses(numClasses);
    this.numClasses = numClasses;
    this.fractions = Array.from({ length: numClasses }, () => []);
    this.n = new Uint32Array(numClasses);
    this.mean = new Float64Array(numClasses);
    this.m2 = new Float64Array(numClasses);
  }

  /** One mask: its per-class pixel counts and its total pixel count (ignored pixels included). */
  addImage(counts: ArrayLike<number>, totalPixels: number): void {
    if (counts.length !== this.numClasses) {
      throw new RangeError(`expected ${this.numClasses} class counts, got ${counts.length}`);
    }
    if (!(totalPixels > 0)) throw new RangeError(`totalPixels must be positive, got ${totalPixels}`);
    for (let k = 0; k < this.numClasses; k++) {
      const count = counts[k]!;
      if (!(count > 0)) continue;
      this.fractions[k]!.push(count / totalPixels);
      const n = ++this.n[k]!;
      const delta = count - this.mean[k]!;
      this.mean[k]! += delta / n;
      this.m2[k]! += delta * (count - this.mean[k]!);
    }
  }

  /** Number of images seen that contain class k. */
  support(k: number): number {
    return this.n[k] ?? 0;
  }

  /** Area fractions of class k over the images that contain it, ascending. */
  sortedFractions(k: number): Float64Array {
    return Float64Array.from(this.fractions[k] ?? []).sort();
  }

  countMean(k: number): number {
    return this.mean[k] ?? 0;
  }

  /** Population standard deviation (numpy's default ddof = 0) of class k's pixel count. */
  countStd(k: number): number {
    const n = this.n[k] ?? 0;
    return n === 0 ? 0 : Math.sqrt((this.m2[k] ?? 0) / n);
  }
}

/**
 * [Q1_k, Q3_k] of class k's area fraction over the S0 images containing k (quantile.ts).
 * A class absent from S0 has no typical size, so it is left unconstrained (support 0 says so).
 */
export function quartileBounds(stats: ClassAreaAccumulator): ContentBounds {
  const bounds = unconstrained(stats.numClasses, 'fraction');
  for (let k = 0; k < stats.numClasses; k++) {
    const sorted = stats.sortedFractions(k);
    bounds.support[k] = sorted.length;
    if (sorted.length === 0) continue;
    bounds.lower[k] = quantileSorted(sorted, 0.25);
    bounds.upper[k] = quantileSorted(sorted, 0.75);
  }
  return bounds;
}

/** mean_k ± σ_k of class k's pixel count over the S0 images containing k; absent classes unconstrained. */
export function sigmaBounds(stats: ClassAreaAccumulator): ContentBounds {
  const bounds = unconstrained(stats.numClasses, 'count');
  for (let k = 0; k < stats.numClasses; k++) {
    const n = stats.support(k);
    bounds.support[k] = n;
    if (n === 0) continue;
    const mean = stats.countMean(k);
    const std = stats.countStd(k);
    bounds.lower[k] = mean - std;
    bounds.upper[k] = mean + std;
  }
  return bounds;
}

/** User bounds on the area fraction; classes without one are unconstrained. */
export function customBounds(
  numClasses: number,
  classBounds: ReadonlyArray<{ classId: number; min: number; max: number }>,
): ContentBounds {
  const bounds = unconstrained(numClasses, 'fraction');
  for (const b of classBounds) {
    if (b.classId < 0 || b.classId >= numClasses) {
      throw new RangeError(`bound for class ${b.classId}, but the project has ${numClasses} classes`);
    }
    bounds.lower[b.classId] = b.min;
    bounds.upper[b.classId] = b.max;
  }
  return bounds;
}

/** Any area passes (a class must still be present to form a subgroup). */
export function unconstrained(numClasses: number, measure: ContentBounds['measure'] = 'fraction'): ContentBounds {
  assertNumClasses(numClasses);
  return {
    measure,
    lower: new Float64Array(numClasses).fill(-Infinity),
    upper: new Float64Array(numClasses).fill(Infinity),
    support: new Uint32Array(numClasses),
  };
}

/**
 * The fallback statistics without S0: class k's area as the target predicts it, over the pool
 * images where it predicts k. `fractions` is images × classes, dense or sparse (an image without
 * a prediction has no area and adds nothing); `imagePixels` gives each image's size for the sigma rule's counts.
 * Counts stay unrounded: a float32 fraction times a pixel count is exact in a double, so the bounds
 * come out as the very fractions they are compared with.
 */
/**
 * Adds one image's predicted areas to the statistics: its class fractions (a stored row, which may
 * have fewer or more class slots than the project) times its pixels. `counts` is scratch space of
 * numClasses entries, reused across images.
 */
export function addImageFractions(stats: ClassAreaAccumulator, fractions: ArrayLike<number>, pixels: number, counts: Float64Array): void {
  if (!(pixels > 0)) return;
  counts.fill(0);
  const classes = Math.min(counts.length, fractions.length);
  for (let k = 0; k < classes; k++) counts[k] = fractions[k]! * pixels;
  stats.addImage(counts, pixels);
}

export function poolAreaStatistics(fractions: StoredClassFractions, imagePixels: ArrayLike<number>, numClasses: number): ClassAreaAccumulator {
  const stats = new ClassAreaAccumulator(numClasses);
  const counts = new Float64Array(numClasses);
  for (let i = 0; i < imagePixels.length; i++) {
    const pixels = imagePixels[i]!;
    if (!(pixels > 0)) continue;
    if (fractions instanceof Float32Array) {
      addImageFractions(stats, fractions.subarray(i * numClasses, (i + 1) * numClasses), pixels, counts);
      continue;
    }
    counts.fill(0);
    for (let j = fractions.offsets[i]!; j < fractions.offsets[i + 1]!; j++) {
      const k = fractions.classIds[j]!;
      if (k < numClasses) counts[k] = fractions.values[j]! * pixels;
    }
    stats.addImage(counts, pixels);
  }
  return stats;
}

/** Bounds for a constraint setting; quartile and sigma need class-area statistics (S0's, or the pool's). */
export function contentBounds(
  constraint: ContentConstraint,
  numClasses: number,
  stats?: ClassAreaAccumulator,
): ContentBounds {
  switch (constraint.mode) {
    case 'off':
      return unconstrained(numClasses);
    case 'custom':
      return customBounds(numClasses, constraint.bounds);
    case 'quartile':
    case 'sigma': {
      if (stats === undefined) {
        throw new Error(`the '${constraint.mode}' constraint needs S0 mask statistics; give bounds or turn it off`);
      }
      if (stats.numClasses !== numClasses) {
        throw new RangeError(`S0 statistics have ${stats.numClasses} classes, the project ${numClasses}`);
      }
      return constraint.mode === 'quartile' ? quartileBounds(stats) : sigmaBounds(stats);
    }
  }
}
