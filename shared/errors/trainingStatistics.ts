import { labelComponents, type Connectivity } from '../geometry/connectedComponents.js';

/**
 * What the training masks S0 say about the classes, for the context, hallucination and
 * non-prototypical rules: image-level co-occurrence of class pairs, 4-neighbour pixel adjacency
 * of class pairs, and per class the mean and spread of its regions' log area (as a share of the
 * image) and log aspect ratio (bounding box width / height). Logs, because sizes vary by factors.
 */
export interface TrainingStatistics {
  numClasses: number;
  images: number;
  /** Images containing each class. */
  imagesWith: Float64Array;
  /** [a·K + b]: images containing both (symmetric; the diagonal equals imagesWith). */
  pairImages: Float64Array;
  /** [a·K + b]: 4-neighbour pixel pairs with one pixel of a and one of b, a ≠ b (symmetric). */
  adjacency: Float64Array;
  regionCount: Float64Array;
  meanLogArea: Float64Array;
  sdLogArea: Float64Array;
  meanLogAspect: Float64Array;
  sdLogAspect: Float64Array;
}

export interface StatisticsOptions {
  connectivity?: Connectivity;
  /** Regions smaller than this are not counted (default 1). */
  minRegionPixels?: number;
  /** Mask value with no class (default 255); values ≥ numClasses are treated alike. */
  ignoreIndex?: number;
}

/** Builds the statistics one mask at a time, so S0 is streamed and never held. */
export class TrainingStatisticsBuilder {
  private images = 0;
  private readonly imagesWith: Float64Array;
  private readonly pairImages: Float64Array;
  private readonly adjacency: Float64Array;
  private readonly n: Float64Array;
  private readonly areaMean: Float64Array;
  private readonly areaM2: Float64Array;
  private readonly aspectMean: Float64Array;
  private readonly aspectM2: Float64Array;
  private readonly skip: number[];
  private readonly present: Uint8Array;

  constructor(
    readonly numClasses: number,
    private readonly options: StatisticsOptions = {},
  ) {
    if (!Number.isInteger(numClasses) || numClasses < 1 || numClasses > 255) throw new RangeError(`numClasses must be 1..255, got ${numClasses}`);
    const K = numClasses;
    this.imagesWith = new Float64Array(K);
    this.pairImages = new Float64Array(K * K);
    this.adjacency = new Float64Array(K * K);
    this.n = new Float64Array(K);
    this.areaMean = new Float64Array(K);
    this.areaM2 = new Float64Array(K);
    this.aspectMean = new Float64Array(K);
    this.aspectM2 = new Float64Array(K);
    this.present = new Uint8Array(K);
    this.skip = [];
    for (let v = K; v < 256; v++) this.skip.push(v);
  }

  addMask(mask: Uint8Array, width: number, height: number): void {
    if (mask.length !== width * height) throw new RangeError(`mask has ${mask.length} pixels, expected ${width}×${height}`);
    const K = this.numClasses;
    this.images++;
    const present = this.present.fill(0);
    const adjacency = this.adjacency;
    for (let y = 0; y < height; y++) {
      const row = y * width;
      for (let x = 0; x < width; x++) {
        const a = mask[row + x]!;
        if (a >= K) continue;
        present[a] = 1;
        if (x + 1 < width) {
          const b = mask[row + x + 1]!;
          if (b !== a && b < K) {
            adjacency[a * K + b]!++;
            adjacency[b * K + a]!++;
          }
        }
        if (y + 1 < height) {
          const b = mask[row + width + x]!;
          if (b !== a && b < K) {
            adjacency[a * K + b]!++;
            adjacency[b * K + a]!++;
          }
        }
      }
    }
    for (let a = 0; a < K; a++) {
      if (!present[a]) continue;
      this.imagesWith[a]!++;
      for (let b = 0; b < K; b++) if (present[b]) this.pairImages[a * K + b]!++;
    }
    const comps = labelComponents(mask, width, height, { connectivity: this.options.connectivity ?? 8, skipClasses: this.skip });
    const minPixels = this.options.minRegionPixels ?? 1;
    const total = width * height;
    for (let id = 1; id <= comps.count; id++) {
      const area = comps.area[id]!;
      if (area < minPixels) continue;
      const c = comps.classId[id]!;
      const logArea = Math.log(area / total);
      const logAspect = Math.log((comps.maxX[id]! - comps.minX[id]! + 1) / (comps.maxY[id]! - comps.minY[id]! + 1));
      const n = ++this.n[c]!;
      const dA = logArea - this.areaMean[c]!;
      this.areaMean[c]! += dA / n;
      this.areaM2[c]! += dA * (logArea - this.areaMean[c]!);
      const dB = logAspect - this.aspectMean[c]!;
      this.aspectMean[c]! += dB / n;
      this.aspectM2[c]! += dB * (logAspect - this.aspectMean[c]!);
    }
  }

  finish(): TrainingStatistics {
    const K = this.numClasses;
    const sd = (m2: Float64Array) => Float64Array.from({ length: K }, (_, c) => (this.n[c]! > 1 ? Math.sqrt(m2[c]! / (this.n[c]! - 1)) : 0));
    return {
      numClasses: K,
      images: this.images,
      imagesWith: this.imagesWith.slice(),
      pairImages: this.pairImages.slice(),
      adjacency: this.adjacency.slice(),
      regionCount: this.n.slice(),
      meanLogArea: this.areaMean.slice(),
      sdLogArea: sd(this.areaM2),
      meanLogAspect: this.aspectMean.slice(),
      sdLogAspect: sd(this.aspectM2),
    };
  }
}

/** Statistics of no masks: every rule that needs S0 stays silent. */
export function emptyTrainingStatistics(numClasses: number): TrainingStatistics {
  return new TrainingStatisticsBuilder(numClasses).finish();
}

/** P(a,b) / (P(a)·P(b)) over S0 images; 0 when either class never occurs. */
export function lift(stats: TrainingStatistics, a: number, b: number): number {
  const K = stats.numClasses;
  if (a >= K || b >= K) return 0;
  const na = stats.imagesWith[a]!;
  const nb = stats.imagesWith[b]!;
  return na > 0 && nb > 0 ? (stats.pairImages[a * K + b]! * stats.images) / (na * nb) : 0;
}

/** Share of class a's boundary pixel pairs in S0 that touch class b. */
export function adjacencyShare(stats: TrainingStatistics, a: number, b: number): number {
  const K = stats.numClasses;
  if (a >= K || b >= K) return 0;
  let total = 0;
  for (let c = 0; c < K; c++) total += stats.adjacency[a * K + c]!;
  return total > 0 ? stats.adjacency[a * K + b]! / total : 0;
}

/**
 * How many standard deviations a region lies from its class's S0 regions, the larger of log area
 * and log aspect ratio; null when S0 has fewer than `minRegions` regions of the class. A spread
 * of zero (all S0 regions alike) is floored so that only a clearly different region stands out.
 */
export function atypicality(stats: TrainingStatistics, classId: number, area: number, boxWidth: number, boxHeight: number, imagePixels: number, minRegions: number): number | null {
  if (classId >= stats.numClasses || stats.regionCount[classId]! < minRegions) return null;
  const floor = 0.05;
  const za = Math.abs(Math.log(area / imagePixels) - stats.meanLogArea[classId]!) / Math.max(floor, stats.sdLogArea[classId]!);
  const zb = Math.abs(Math.log(boxWidth / boxHeight) - stats.meanLogAspect[classId]!) / Math.max(floor, stats.sdLogAspect[classId]!);
  return Math.max(za, zb);
}
