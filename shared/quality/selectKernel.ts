import { FlaggedBuilder } from './flaggedPixels.js';
import { uint16List, uint32List } from './growable.js';
import { BUCKETS, orderKey } from './orderKey.js';
import type { RefinePartial, SearchConfig, SelectPartial } from './passPlan.js';
import type { ImageView } from './types.js';

/** Predicted class of one pixel: argmax over the K planes, lowest index on ties (numpy's argmax). */
export function argmaxAt(probs: Float32Array, offset: number, plane: number, K: number, pixel: number): number {
  let best = probs[offset + pixel]!;
  let predicted = 0;
  for (let k = 1, at = offset + plane + pixel; k < K; k++, at += plane) {
    const p = probs[at]!;
    if (p > best) {
      best = p;
      predicted = k;
    }
  }
  return predicted;
}

/** Optional pass: the low 16 key bits of the pixels inside one crowded coarse bucket. */
export class RefineKernel {
  readonly needsWorking = true;
  private readonly K: number;
  private readonly pixels: number;
  private readonly bucket: number;
  private readonly histogram = new Float64Array(BUCKETS);
  private images = 0;

  constructor(config: SearchConfig, bucket: number) {
    const D = config.downsample;
    this.K = config.K;
    this.pixels = (config.H * config.W) / (D * D);
    this.bucket = bucket;
  }

  image(_full: ImageView, work: ImageView): void {
    const { K, pixels, bucket, histogram } = this;
    const { labels, labelOffset, bits, probOffset } = work;
    for (let i = 0; i < pixels; i++) {
      const label = labels[labelOffset + i]!;
      if (label >= K) continue;
      const key = orderKey(bits[probOffset + label * pixels + i]!);
      if (key >>> 16 === bucket) histogram[key & 0xffff] = histogram[key & 0xffff]! + 1;
    }
    this.images++;
  }

  finish(): RefinePartial {
    return { kind: 'refine', images: this.images, histogram: this.histogram };
  }
}

const SKIP = -1;
const SURE = -2;

/**
 * Last pass: takes the working pixels whose self-confidence key is below the cutoff and flags the
 * full-resolution pixels among them (the whole D×D block of a taken cell) whose predicted class differs
 * from their label. Two modes: `bucket` takes every key in buckets below `bucket` and, when asked, keeps
 * the cells of that bucket as candidates for the search to decide; `exact` knows the cutoff key and takes
 * the first `tieQuota` cells at it in index order, so ties resolve the same way whatever the batching.
 */
export class SelectKernel {
  readonly needsWorking = true;
  private readonly K: number;
  private readonly W: number;
  private readonly D: number;
  private readonly fullPixels: number;
  private readonly workPixels: number;
  private readonly cellsPerRow: number;
  private readonly exact: boolean;
  private readonly bucket: number;
  private readonly candidates: boolean;
  private readonly cutoffKey: number;
  private readonly tieQuota: number;
  /** Keys above this are never taken nor candidates: one comparison for most pixels. */
  private readonly skipAbove: number;
  private tiesTaken = 0;
  private images = 0;
  private readonly status: Int32Array;
  private readonly sure = new FlaggedBuilder();
  private readonly pending = new FlaggedBuilder();
  private readonly pendingCandidate = uint32List();
  private readonly candidateImage = uint32List();
  private readonly candidateCell = uint32List();
  private readonly candidateLow = uint16List();

  constructor(config: SearchConfig, mode: { bucket: number; candidates: boolean } | { cutoffKey: number; tieQuota: number }) {
    this.K = config.K;
    this.W = config.W;
    this.D = config.downsample;
    this.fullPixels = config.H * config.W;
    this.workPixels = this.fullPixels / (this.D * this.D);
    this.cellsPerRow = config.W / this.D;
    this.exact = 'cutoffKey' in mode;
    this.bucket = 'bucket' in mode ? mode.bucket : 0;
    this.candidates = 'candidates' in mode && mode.candidates;
    this.cutoffKey = 'cutoffKey' in mode ? mode.cutoffKey : 0;
    this.tieQuota = 'tieQuota' in mode ? mode.tieQuota : 0;
    this.skipAbove = this.exact ? this.cutoffKey : this.bucket * 65536 + (this.candidates ? 65535 : -1);
    this.status = new Int32Array(this.D > 1 ? this.workPixels : 0);
  }

  /** SURE, SKIP, or the new candidate's ordinal. */
  private classify(image: number, cell: number, key: number): number {
    if (this.exact) {
      if (key < this.cutoffKey) return SURE;
      if (key === this.cutoffKey && this.tiesTaken < this.tieQuota) {
        this.tiesTaken++;
        return SURE;
      }
      return SKIP;
    }
    const bucket = key >>> 16;
    if (bucket < this.bucket) return SURE;
    if (bucket > this.bucket || !this.candidates) return SKIP;
    this.candidateImage.push(image);
    this.candidateLow.push(key & 0xffff);
    return this.candidateCell.push(cell);
  }

  private flag(status: number, image: number, pixel: number, given: number, predicted: number): void {
    if (status === SURE) {
      this.sure.push(image, pixel, given, predicted);
    } else {
      this.pending.push(image, pixel, given, predicted);
      this.pendingCandidate.push(status);
    }
  }

  image(full: ImageView, work: ImageView): void {
    if (this.D === 1) this.selectFullResolution(full);
    else this.selectBlocks(full, work);
    this.images++;
  }

  private selectFullResolution(view: ImageView): void {
    const { K, fullPixels: pixels } = this;
    const { index, labels, labelOffset, probs, bits, probOffset } = view;
    for (let i = 0; i < pixels; i++) {
      const label = labels[labelOffset + i]!;
      if (label >= K) continue;
      const key = orderKey(bits[probOffset + label * pixels + i]!);
      if (key > this.skipAbove) continue;
      const status = this.classify(index, i, key);
      if (status === SKIP) continue;
      const predicted = argmaxAt(probs, probOffset, pixels, K, i);
      if (predicted !== label) this.flag(status, index, i, label, predicted);
    }
  }

  /** Cells are decided at low resolution, then the full-resolution rows are scanned in order. */
  private selectBlocks(full: ImageView, work: ImageView): void {
    const { K, W, D, fullPixels, workPixels: cells, cellsPerRow, status } = this;
    let taken = 0;
    for (let c = 0; c < cells; c++) {
      const label = work.labels[work.labelOffset + c]!;
      const key = label >= K ? 0 : orderKey(work.bits[work.probOffset + label * cells + c]!);
      status[c] = label >= K || key > this.skipAbove ? SKIP : this.classify(work.index, c, key);
      if (status[c] !== SKIP) taken++;
    }
    if (taken === 0) return;
    const H = fullPixels / W;
    for (let y = 0; y < H; y++) {
      const cellRow = Math.floor(y / D) * cellsPerRow;
      for (let x = 0; x < W; x++) {
        const cellStatus = status[cellRow + Math.floor(x / D)]!;
        if (cellStatus === SKIP) continue;
        const pixel = y * W + x;
        const label = full.labels[full.labelOffset + pixel]!;
        if (label >= K) continue;
        const predicted = argmaxAt(full.probs, full.probOffset, fullPixels, K, pixel);
        if (predicted !== label) this.flag(cellStatus, full.index, pixel, label, predicted);
      }
    }
  }

  finish(): SelectPartial {
    return {
      kind: 'select',
      images: this.images,
      sure: this.sure.finish(),
      candidates: { image: this.candidateImage.toArray(), cell: this.candidateCell.toArray(), low: this.candidateLow.toArray() },
      pending: this.pending.finish(),
      pendingCandidate: this.pendingCandidate.toArray(),
    };
  }
}
