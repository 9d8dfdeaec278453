import type { FlaggedPixels } from './flaggedPixels.js';
import type { LabelMode } from './types.js';

/** What every pass of one run shares; plain data so it can be posted to a worker. */
export interface SearchConfig {
  readonly K: number;
  readonly H: number;
  readonly W: number;
  readonly downsample: number;
  readonly labelMode: LabelMode;
  readonly ignoreIndex: number | null;
}

/**
 * One pass over the images. A run is `gather` (thresholds, self-confidence histogram, softmin), then
 * `count` (the issue estimate Q, the only pass that needs every class probability), then `select` (the
 * Q least confident pixels), with a `refine` pass before an exact select only when the histogram bucket
 * holding the cutoff is too crowded to keep its pixels as candidates.
 */
export type PassPlan =
  | { readonly kind: 'gather'; readonly softminTemperature: number | null; readonly thresholds: boolean }
  | { readonly kind: 'count'; readonly cuts: readonly number[] }
  | { readonly kind: 'refine'; readonly bucket: number }
  /** Takes keys in buckets below `bucket`; with `candidates`, keeps those in `bucket` for the search to decide. */
  | { readonly kind: 'select'; readonly bucket: number; readonly candidates: boolean }
  | { readonly kind: 'select-exact'; readonly cutoffKey: number; readonly tieQuotas: readonly number[] };

export interface GatherPartial {
  readonly kind: 'gather';
  readonly images: number;
  /** Labelled pixels per image at full resolution. */
  readonly validPixels: Float64Array;
  readonly softmin: Float64Array | null;
  readonly classCounts: Float64Array | null;
  /** ExactSum partials per class: the per-image sums of p(label), added exactly. */
  readonly classSums: number[][] | null;
  readonly histogram: Float64Array | null;
}

export interface CountPartial {
  readonly kind: 'count';
  readonly images: number;
  readonly issues: number;
}

export interface RefinePartial {
  readonly kind: 'refine';
  readonly images: number;
  /** Counts of the low 16 key bits inside the refined bucket. */
  readonly histogram: Float64Array;
}

/** Cells whose key falls in the cutoff bucket, in index order; the search decides which are taken. */
export interface Candidates {
  readonly image: Uint32Array;
  readonly cell: Uint32Array;
  readonly low: Uint16Array;
}

export interface SelectPartial {
  readonly kind: 'select';
  readonly images: number;
  readonly sure: FlaggedPixels;
  readonly candidates: Candidates;
  /** Flagged pixels of candidate cells, each tagged with its candidate's ordinal in this partial. */
  readonly pending: FlaggedPixels;
  readonly pendingCandidate: Uint32Array;
}

export type PassPartial = GatherPartial | CountPartial | RefinePartial | SelectPartial;

/** The buffers of a partial, to transfer rather than copy when posting it between threads. */
export function partialBuffers(partial: PassPartial): ArrayBuffer[] {
  const arrays: (ArrayBufferView | null)[] = [];
  switch (partial.kind) {
    case 'gather':
      arrays.push(partial.validPixels, partial.softmin, partial.classCounts, partial.histogram);
      break;
    case 'count':
      break;
    case 'refine':
      arrays.push(partial.histogram);
      break;
    case 'select':
      for (const list of [partial.sure, partial.pending]) arrays.push(list.image, list.pixel, list.given, list.predicted);
      arrays.push(partial.candidates.image, partial.candidates.cell, partial.candidates.low, partial.pendingCandidate);
      break;
  }
  const buffers = new Set<ArrayBuffer>();
  for (const array of arrays) if (array !== null && array.buffer instanceof ArrayBuffer) buffers.add(array.buffer);
  return [...buffers];
}
